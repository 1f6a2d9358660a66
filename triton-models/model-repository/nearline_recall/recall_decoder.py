"""A small PyTorch decoder over semantic-ID tokens: the model the Python backend serves on GPUs without a built engine.

The prompt is read as a token sequence: every semantic-ID token (<a_12>, ...) is its own token and every other word
falls into one of `text_buckets` hashed word tokens. A GRU reads the prompt once; each beam then carries its own
hidden state, advanced by one code token per step, so a search costs one prompt pass plus one GRU step per level.
Weights come from a file written by `RecallDecoder.save` (a training job's output); without one the model is
randomly initialised from a fixed seed: good for tests and plumbing, not for recall quality.
"""

import os
import re
import zlib

import torch
from torch import nn

from . import semantic_ids

WORD = re.compile(r"<[a-z]_\d{1,7}>|[^\s<>]+|[<>]")
PAD, BOS, END = 0, 1, 2
SPECIALS = 3


class DecoderShape:
    """Sizes of the vocabulary and the network; saved with the weights so a file always loads into its own shape."""

    def __init__(self, levels=5, codes=256, text_buckets=1024, embedding=64, hidden=128):
        self.levels, self.codes, self.text_buckets = levels, codes, text_buckets
        self.embedding, self.hidden = embedding, hidden

    def as_dict(self):
        return dict(levels=self.levels, codes=self.codes, text_buckets=self.text_buckets,
                    embedding=self.embedding, hidden=self.hidden)

    @property
    def vocabulary_size(self):
        return SPECIALS + self.levels * self.codes + self.text_buckets

    def code_token(self, level, code):
        if not 0 <= level < self.levels or not 0 <= code < self.codes:
            raise ValueError("code %d at level %d is outside the model's %d levels x %d codes"
                             % (code, level, self.levels, self.codes))
        return SPECIALS + level * self.codes + code

    def word_token(self, word):
        # crc32 rather than hash(): stable across processes, so saved weights keep meaning the same words.
        return SPECIALS + self.levels * self.codes + zlib.crc32(word.encode("utf-8")) % self.text_buckets


class RecallDecoder(nn.Module):
    """Embedding + GRU + output head over the whole vocabulary."""

    def __init__(self, shape):
        super().__init__()
        self.shape = shape
        self.embed = nn.Embedding(shape.vocabulary_size, shape.embedding, padding_idx=PAD)
        self.gru = nn.GRU(shape.embedding, shape.hidden, batch_first=True)
        self.head = nn.Linear(shape.hidden, shape.vocabulary_size)

    @classmethod
    def load_or_seed(cls, weights_path, seed, shape=None):
        """Weights from `weights_path` when that file exists, else a fresh model initialised from `seed`."""
        if weights_path and os.path.exists(weights_path):
            saved = torch.load(weights_path, map_location="cpu")
            model = cls(DecoderShape(**saved["shape"]))
            model.load_state_dict(saved["state"])
            model.loaded_from = weights_path
        else:
            generator_state = torch.random.get_rng_state()
            torch.manual_seed(seed)
            model = cls(shape or DecoderShape())
            torch.random.set_rng_state(generator_state)
            model.loaded_from = None
        return model.eval()

    def save(self, path):
        torch.save({"shape": self.shape.as_dict(), "state": self.state_dict()}, path)

    def tokenize(self, prompt):
        tokens = [BOS]
        for word in WORD.findall(prompt):
            found = semantic_ids.TOKEN.fullmatch(word)
            level = ord(found.group(1)) - ord("a") if found else -1
            if found and level < self.shape.levels and int(found.group(2)) < self.shape.codes:
                tokens.append(self.shape.code_token(level, int(found.group(2))))
            else:
                tokens.append(self.shape.word_token(word))
        return tokens

    def scorer(self, prompt, device=None):
        """A beam-search scorer for one prompt (see trie_beam_search.search)."""
        return _PromptScorer(self, self.tokenize(prompt), device)


class _PromptScorer:
    """Keeps each prefix's hidden state so every step advances all beams with one batched GRU step."""

    def __init__(self, model, prompt_tokens, device):
        self.model = model
        self.device = device or next(model.parameters()).device
        with torch.no_grad():
            tokens = torch.tensor([prompt_tokens], dtype=torch.long, device=self.device)
            _, hidden = model.gru(model.embed(tokens))
        self.hidden = {(): hidden[:, 0, :]}

    def __call__(self, prefixes):
        shape = self.model.shape
        missing = [p for p in prefixes if p not in self.hidden]
        with torch.no_grad():
            if missing:
                parents = torch.cat([self.hidden[p[:-1]] for p in missing], dim=0).unsqueeze(0)
                steps = torch.tensor([[shape.code_token(len(p) - 1, p[-1])] for p in missing],
                                     dtype=torch.long, device=self.device)
                _, advanced = self.model.gru(self.model.embed(steps), parents.contiguous())
                for row, prefix in enumerate(missing):
                    self.hidden[prefix] = advanced[:, row, :]
            states = torch.cat([self.hidden[p] for p in prefixes], dim=0)
            logits = self.model.head(states)
            level = len(prefixes[0])
            if level >= shape.levels:
                raise ValueError("the model knows %d levels; a prefix of %d codes cannot grow" % (shape.levels, level))
            start = SPECIALS + level * shape.codes
            codes = logits[:, start:start + shape.codes]
            return torch.cat([codes, logits[:, END:END + 1]], dim=1).float().cpu()
