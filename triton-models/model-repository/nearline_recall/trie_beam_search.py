"""Beam search over semantic-ID codes that never leaves the trie of marketing objects in delivery.

At every step a beam may only be extended by a child of its trie node, or end where its node is a complete ID that
also has children (a collision-extended ID such as <a_1><b_2><c_3><d_4> next to <a_1><b_2><c_3><d_4><e_1>).
Log-probabilities are normalised over the allowed choices only (logits masked before the softmax), as TensorRT-LLM's
beam search does after the trie logits post-processor, so a beam's score is the sum of its steps' log-probabilities.
A beam reaching a leaf is finished at once: its only continuation has probability one.
"""

import math
from dataclasses import dataclass

import torch


class TrieNode:
    """One prefix: its children by code and whether the prefix itself is a complete ID."""

    __slots__ = ("children", "complete")

    def __init__(self):
        self.children = {}
        self.complete = False


class SemanticIdTrie:
    """Immutable prefix tree of semantic IDs (tuples of codes)."""

    def __init__(self, ids):
        self._root = TrieNode()
        self._size = 0
        self._max_length = 0
        for codes in ids:
            if len(codes) == 0:
                raise ValueError("an empty semantic ID")
            node = self._root
            for code in codes:
                if code < 0:
                    raise ValueError("negative code in %r" % (tuple(codes),))
                node = node.children.setdefault(code, TrieNode())
            if not node.complete:
                node.complete = True
                self._size += 1
            self._max_length = max(self._max_length, len(codes))

    def node(self, prefix):
        """The node of a prefix, or None when no ID in delivery starts with it."""
        node = self._root
        for code in prefix:
            node = node.children.get(code)
            if node is None:
                return None
        return node

    def __len__(self):
        return self._size

    @property
    def max_length(self):
        return self._max_length

    def __iter__(self):
        stack = [((), self._root)]
        while stack:
            prefix, node = stack.pop()
            if node.complete:
                yield prefix
            for code in sorted(node.children, reverse=True):
                stack.append((prefix + (code,), node.children[code]))


@dataclass(frozen=True)
class Beam:
    """A complete semantic ID with its cumulative log-probability."""

    codes: tuple
    score: float


END = -1
"""The choice 'end the ID here' in a scorer's output: its logit is the last column."""


def choices(node):
    """What a beam at this node may do next: child codes in order, then END where a complete node has children."""
    allowed = sorted(node.children)
    if node.complete and allowed:
        allowed.append(END)
    return allowed


def search(trie, scorer, beam_width, returned, max_steps):
    """Best `returned` complete IDs, best first (ties by codes), using at most `max_steps` code tokens per ID.

    `scorer(prefixes)` gets a list of code tuples of equal length and returns a float tensor [len(prefixes),
    codes + 1] of logits: column c for code c at the next level, the last column for ending the ID.
    """
    if beam_width < 1 or returned < 1 or max_steps < 1:
        raise ValueError("beam_width, returned and max_steps must be positive, got %d, %d, %d"
                         % (beam_width, returned, max_steps))
    active = [Beam((), 0.0)]
    finished = []
    for _ in range(max_steps):
        if not active:
            break
        logits = scorer([beam.codes for beam in active])
        candidates = []
        for row, beam in enumerate(active):
            allowed = choices(trie.node(beam.codes))
            columns = torch.tensor([logits.shape[1] - 1 if c == END else c for c in allowed], dtype=torch.long)
            log_probs = torch.log_softmax(logits[row].index_select(0, columns).double(), dim=0).tolist()
            candidates.extend((beam.score + lp, beam.codes, choice) for lp, choice in zip(log_probs, allowed))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        active = []
        for score, codes, choice in candidates[:beam_width]:
            if choice == END:
                finished.append(Beam(codes, score))
                continue
            extended = codes + (choice,)
            node = trie.node(extended)
            if node.children:
                active.append(Beam(extended, score))
            else:
                finished.append(Beam(extended, score))
    # A beam cut by the step limit is kept only when it already is a whole ID.
    finished.extend(beam for beam in active if beam.codes and trie.node(beam.codes).complete)
    finished.sort(key=lambda beam: (-beam.score, beam.codes))
    return finished[:returned]


def brute_force(trie, scorer):
    """Every complete ID with its exact score, best first: the reference the search must equal on small tries."""
    results = []
    for codes in trie:
        score = 0.0
        for depth in range(len(codes) + 1):
            node = trie.node(codes[:depth])
            allowed = choices(node)
            if depth == len(codes):
                if END not in allowed:
                    break
                chosen = END
            else:
                chosen = codes[depth]
            logits = scorer([codes[:depth]])[0]
            columns = torch.tensor([logits.shape[0] - 1 if c == END else c for c in allowed], dtype=torch.long)
            log_probs = torch.log_softmax(logits.index_select(0, columns).double(), dim=0)
            score += log_probs[allowed.index(chosen)].item()
        results.append(Beam(codes, score))
    results.sort(key=lambda beam: (-beam.score, beam.codes))
    return results


def is_close(a, b, tolerance=1e-9):
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)
