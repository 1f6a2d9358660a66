"""The recall LLM's tokenizer: whole words of the prompt text plus one token per semantic-ID code (see TOKENIZER.md).

Saved as a Hugging Face `tokenizers` WordLevel tokenizer.json with the Whitespace pre-tokenizer, so the Java server,
Triton's preprocessing and TensorRT-LLM read the same ids. Code tokens are added tokens: they are cut out of the text
before the pre-tokenizer runs, so a semantic ID is never split. Pure Python (no `tokenizers` package needed).
"""

import json
import os
import re
from collections import Counter

PAD, UNK, BOS, EOS = "<pad>", "<unk>", "<bos>", "<eos>"
SPECIALS = (PAD, UNK, BOS, EOS)
PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3

# HF's Whitespace pre-tokenizer regex; Python's str patterns are Unicode-aware by default.
PIECE = re.compile(r"\w+|[^\w\s]+")
# Every added token is '<' + characters without '<', '>' or space + '>', so each candidate is found by this one
# pattern and the first candidate that is an added token is the leftmost match (no added token holds '<' or '>').
ADDED_CANDIDATE = re.compile(r"<[^<>\s]{1,16}>")
CODE_TOKEN = re.compile(r"<([a-z])_(0|[1-9]\d{0,6})>")

FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


class TokenizerError(ValueError):
    """A tokenizer file that breaks the contract; the message says which rule."""


def code_token(level, code):
    return "<%s_%d>" % (chr(ord("a") + level), code)


class WordTokenizer:
    """Specials 0-3, the semantic-ID code block from 4, then text words."""

    def __init__(self, words, levels=4, codes=256, collision_codes=256):
        self.levels, self.codes, self.collision_codes = levels, codes, collision_codes
        if levels < 1 or codes < 1 or collision_codes < 1:
            raise TokenizerError("levels, codes and collision codes must be positive")
        self.added = list(SPECIALS) + [code_token(level, code) for level in range(levels + 1)
                                       for code in range(self.level_size(level))]
        self.vocab = {token: index for index, token in enumerate(self.added)}
        for word in words:
            if word in self.vocab:
                raise TokenizerError("word %r is already a special or code token" % word)
            self.vocab[word] = len(self.vocab)
        self._added_ids = {token: self.vocab[token] for token in self.added}
        self._tokens = [None] * len(self.vocab)
        for token, index in self.vocab.items():
            self._tokens[index] = token

    def level_size(self, level):
        return self.codes if level < self.levels else self.collision_codes

    @property
    def max_id_length(self):
        return self.levels + 1

    def __len__(self):
        return len(self.vocab)

    def code_id(self, level, code):
        """Token id of a code at a level (0 = 'a'); the block is contiguous, checked on load."""
        if not 0 <= level < self.max_id_length or not 0 <= code < self.level_size(level):
            raise ValueError("code %d at level %d is outside the tokenizer's %d levels of %d codes (+%d collision)"
                             % (code, level, self.levels, self.codes, self.collision_codes))
        return len(SPECIALS) + level * self.codes + code

    def level_ids(self, level):
        """Token ids of every code of one level, in code order: the logits a decoding step chooses among."""
        start = self.code_id(level, 0)
        return list(range(start, start + self.level_size(level)))

    # --- encoding ---------------------------------------------------------------------------------------------

    def pieces(self, text):
        """Added tokens cut out first (leftmost), the text between them split by the Whitespace pre-tokenizer."""
        out = []
        at = 0
        for match in ADDED_CANDIDATE.finditer(text):
            if match.group(0) not in self._added_ids:
                continue
            out.extend(PIECE.findall(text[at:match.start()]))
            out.append(match.group(0))
            at = match.end()
        out.extend(PIECE.findall(text[at:]))
        return out

    def encode(self, text):
        """Token ids of `text`, without BOS or EOS (the model input is [BOS] + encode(prompt))."""
        return [self.vocab.get(piece, UNK_ID) for piece in self.pieces(text)]

    def prompt_ids(self, prompt):
        return [BOS_ID] + self.encode(prompt)

    def response_ids(self, response):
        """The code tokens of a rendered ID, then EOS; refuses a response that is not whole code tokens."""
        ids = self.encode(response)
        if not ids or any(i < len(SPECIALS) or i >= len(SPECIALS) + self.code_block_size for i in ids):
            raise ValueError("response %r is not a semantic ID this tokenizer spells" % response)
        return ids + [EOS_ID]

    def count(self, text):
        """The prompt's token count for the token budget."""
        return len(self.pieces(text))

    @property
    def code_block_size(self):
        return self.levels * self.codes + self.collision_codes

    def decode(self, ids, keep_specials=False):
        """Code tokens concatenated (the rendered ID), other pieces joined by single spaces."""
        out = []
        previous_code = False
        for index in ids:
            token = self._tokens[index]
            if token in SPECIALS and not keep_specials:
                continue
            is_code = len(SPECIALS) <= index < len(SPECIALS) + self.code_block_size
            if out and not (is_code and previous_code):
                out.append(" ")
            out.append(token)
            previous_code = is_code
        return "".join(out)

    def codes_of(self, ids):
        """The codes of generated code-token ids (stops at EOS): the semantic ID as a tuple."""
        codes = []
        for index in ids:
            if index == EOS_ID:
                break
            level, code = divmod(index - len(SPECIALS), self.codes)
            if level != len(codes) or not 0 <= index - len(SPECIALS) < self.code_block_size:
                raise ValueError("token %d is not a code at level %d" % (index, len(codes)))
            codes.append(code)
        return tuple(codes)

    # --- building ---------------------------------------------------------------------------------------------

    @classmethod
    def build(cls, prompts, dictionary_texts=(), min_count=1, levels=4, codes=256, collision_codes=256):
        """Words of the prompts seen at least `min_count` times, plus every dictionary word; ordered by count."""
        probe = cls([], levels, codes, collision_codes)
        counts = Counter()
        for prompt in prompts:
            counts.update(p for p in probe.pieces(prompt) if p not in probe.vocab)
        kept = {word for word, count in counts.items() if count >= min_count}
        for text in dictionary_texts:
            kept.update(p for p in probe.pieces(text) if p not in probe.vocab)
        words = sorted(kept, key=lambda word: (-counts.get(word, 0), word))
        return cls(words, levels, codes, collision_codes)

    # --- files ------------------------------------------------------------------------------------------------

    def to_json(self):
        added = [{"id": self.vocab[token], "content": token, "single_word": False, "lstrip": False,
                  "rstrip": False, "normalized": False, "special": token in SPECIALS} for token in self.added]
        return {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
                "pre_tokenizer": {"type": "Whitespace"}, "post_processor": None, "decoder": None,
                "model": {"type": "WordLevel", "vocab": dict(self.vocab), "unk_token": UNK}}

    def save(self, folder, model_max_length=2048):
        os.makedirs(folder, exist_ok=True)
        specials = {"bos_token": BOS, "eos_token": EOS, "unk_token": UNK, "pad_token": PAD}
        config = {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model_max_length,
                  "add_bos_token": False, "add_eos_token": False, "clean_up_tokenization_spaces": False,
                  **specials}
        for name, content in zip(FILES, (self.to_json(), config, specials)):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
                json.dump(content, file, ensure_ascii=False, indent=1 if name != "tokenizer.json" else None)

    @classmethod
    def load(cls, folder_or_file):
        path = folder_or_file
        if os.path.isdir(path):
            path = os.path.join(path, "tokenizer.json")
        with open(path, encoding="utf-8") as file:
            return cls.from_json(json.load(file), path)

    @classmethod
    def from_json(cls, data, source="tokenizer.json"):
        """Reads a tokenizer.json, checking every rule of the contract; TokenizerError names the broken one."""
        def fail(reason):
            raise TokenizerError("%s: %s" % (source, reason))

        model = data.get("model") or {}
        if model.get("type") != "WordLevel" or model.get("unk_token") != UNK:
            fail("model must be WordLevel with unk_token <unk>")
        if data.get("normalizer") is not None or data.get("pre_tokenizer") != {"type": "Whitespace"}:
            fail("normalizer must be null and pre_tokenizer Whitespace")
        vocab = model.get("vocab") or {}
        for index, token in enumerate(SPECIALS):
            if vocab.get(token) != index:
                fail("special %s must have id %d, has %r" % (token, index, vocab.get(token)))
        per_level = Counter()
        for token in vocab:
            match = CODE_TOKEN.fullmatch(token)
            if match:
                per_level[ord(match.group(1)) - ord("a")] += 1
        if not per_level or sorted(per_level) != list(range(len(per_level))):
            fail("semantic-ID code tokens must fill levels a, b, ... without a gap, found %s" % dict(per_level))
        # The last letter is always the collision level (semantic-ids' IdFormat always has one, of >= 1 codes).
        levels = len(per_level) - 1
        codes = per_level[0]
        if levels < 1 or any(per_level[level] != codes for level in range(levels)):
            fail("levels before the collision level must all have the same number of codes, found %s"
                 % dict(per_level))
        collision = per_level[levels]
        words = sorted((token for token in vocab if token not in SPECIALS and not CODE_TOKEN.fullmatch(token)),
                       key=vocab.get)
        tokenizer = cls(words, levels, codes, collision)
        if tokenizer.vocab != vocab:
            wrong = next(t for t in tokenizer.vocab if tokenizer.vocab[t] != vocab.get(t))
            fail("token %s has id %r, the contract gives %d" % (wrong, vocab.get(wrong), tokenizer.vocab[wrong]))
        added = {entry["content"]: entry for entry in data.get("added_tokens", [])}
        for token in tokenizer.added:
            entry = added.get(token)
            if entry is None or entry.get("id") != vocab[token] or bool(entry.get("special")) != (token in SPECIALS):
                fail("added token %s missing, or with another id or special flag" % token)
        return tokenizer
