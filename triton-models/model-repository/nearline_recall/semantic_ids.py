"""The token form of semantic IDs, <a_12><b_201><c_7><d_3> (letter = level, number = code), as the Java side renders it.

Same grammar as triton-models' SemanticIdTokens and semantic-ids' SemanticIdText: a run of adjacent tokens starting at
level a with consecutive letters is one ID; a run that skips or repeats a letter is an error, never half-read.
"""

import re

TOKEN = re.compile(r"<([a-z])_(\d{1,7})>")


def token(level, code):
    """The token of one code at one level, e.g. token(1, 201) == '<b_201>'."""
    return "<%s_%d>" % (chr(ord("a") + level), code)


def render(codes):
    return "".join(token(level, code) for level, code in enumerate(codes))


def find_all(text):
    """Every ID rendered in the text, as tuples of codes; raises ValueError naming the offset of a broken run."""
    ids = []
    current = []
    expected_start = -1
    for match in TOKEN.finditer(text):
        level = ord(match.group(1)) - ord("a")
        continues = match.start() == expected_start and level == len(current)
        if not continues:
            if current:
                ids.append(tuple(current))
                current = []
            if level != 0:
                raise ValueError("semantic ID token %s at offset %d does not continue an ID starting with <a_...>"
                                 % (match.group(0), match.start()))
        current.append(int(match.group(2)))
        expected_start = match.end()
    if current:
        ids.append(tuple(current))
    return ids


def parse_one(text):
    """The codes of text holding exactly one rendered ID and nothing else; ValueError otherwise."""
    found = find_all(text)
    if len(found) != 1 or render(found[0]) != text:
        raise ValueError("expected exactly one rendered semantic ID, got %r" % text)
    return found[0]


def vocabulary(levels, codes_per_level):
    """Every semantic-ID token a model vocabulary needs, level by level (what the engine build adds to the tokenizer)."""
    return [token(level, code) for level in range(levels) for code in range(codes_per_level)]
