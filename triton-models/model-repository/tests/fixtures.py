"""Small reproducible catalogues and scorers shared by the tests."""

import random
import zlib

import torch

import _paths  # noqa: F401
from nearline_recall.trie_beam_search import SemanticIdTrie


def random_ids(count, levels, codes, seed):
    """`count` distinct IDs of `levels` codes each, from a seeded generator."""
    generator = random.Random(seed)
    ids = set()
    while len(ids) < count:
        ids.add(tuple(generator.randrange(codes) for _ in range(levels)))
    return sorted(ids)


def random_trie(count, levels, codes, seed):
    return SemanticIdTrie(random_ids(count, levels, codes, seed))


class TableScorer:
    """Fixed pseudo-random logits per prefix (over `width` columns), the same on every call for the same prefix."""

    def __init__(self, width, seed):
        self.width = width
        self.seed = seed

    def logits_of(self, prefix):
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + zlib.crc32(repr(prefix).encode()))
        return torch.randn(self.width, generator=generator) * 3.0

    def __call__(self, prefixes):
        return torch.stack([self.logits_of(tuple(p)) for p in prefixes])
