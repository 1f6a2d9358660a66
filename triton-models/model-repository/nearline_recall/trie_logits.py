"""The trie constraint as a TensorRT-LLM logits post-processor: per beam, every token but the allowed ones gets -inf.

TensorRT-LLM's executor calls a named logits post-processor once per request and step with
(request id, logits [beams, tokens per step, vocabulary] on the GPU, the token ids of every beam, the CUDA stream,
client id). Because it sees every beam's tokens it can constrain each beam separately, which is what beam search over
a trie needs; guided decoding (xgrammar) cannot: its matcher follows beam 0 only (see ../README.md for the versions
read). The masked logits then go through TensorRT-LLM's own log-softmax and beam search, so scores are normalised over
the allowed tokens, exactly as nearline_recall.trie_beam_search does.
"""

import contextlib
import logging
import threading

import torch

from . import semantic_ids

LOG = logging.getLogger(__name__)


class SemanticIdVocabulary:
    """Token ids of the semantic-ID tokens in the fine-tuned tokenizer, both ways."""

    def __init__(self, token_ids):
        """`token_ids` maps (level, code) to the token id of <letter_code>."""
        self._ids = dict(token_ids)
        self._codes = {token_id: key for key, token_id in self._ids.items()}
        if len(self._codes) != len(self._ids):
            raise ValueError("two semantic-ID tokens share a token id: the tokenizer was not extended properly")

    @classmethod
    def from_tokenizer(cls, convert_token_to_id, levels, codes_per_level, unknown_id=None):
        """Looks every token up, e.g. with a Hugging Face tokenizer's convert_tokens_to_ids; a missing one is an error."""
        found = {}
        for level in range(levels):
            for code in range(codes_per_level):
                text = semantic_ids.token(level, code)
                token_id = convert_token_to_id(text)
                if token_id is None or token_id == unknown_id:
                    raise ValueError("tokenizer has no token %s: run the engine build's add-tokens step" % text)
                found[(level, code)] = token_id
        return cls(found)

    def token_id(self, level, code):
        return self._ids.get((level, code))

    def codes(self, token_ids):
        """The codes spelt by generated token ids, or None when one is not the next level's semantic-ID token."""
        codes = []
        for token_id in token_ids:
            key = self._codes.get(token_id)
            if key is None or key[0] != len(codes):
                return None
            codes.append(key[1])
        return tuple(codes)

    def render(self, token_ids, end_id):
        """The rendered ID of one generated beam; stops at end_id or padding (negative ids)."""
        parts = []
        for token_id in token_ids:
            if token_id == end_id or token_id < 0:
                break
            key = self._codes.get(token_id)
            if key is None:
                break
            parts.append(semantic_ids.token(*key))
        return "".join(parts)


class RequestRegistry:
    """What the processor needs to know per executor request: prompt length and the catalogue trie it started with.

    The model registers a request inside `lock` around enqueue_request, so a callback that arrives before the
    registration (the executor runs on its own thread) waits for it rather than seeing an unknown request.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self._entries = {}

    def put(self, request_id, prompt_length, trie):
        """Call while holding `lock`."""
        self._entries[request_id] = (prompt_length, trie)

    def get(self, request_id):
        with self.lock:
            return self._entries.get(request_id)

    def release(self, request_id):
        with self.lock:
            self._entries.pop(request_id, None)

    def __len__(self):
        return len(self._entries)


class TrieLogitsProcessor:
    """Masks each beam's logits to the trie children of what it has generated so far (end_id once the ID is whole)."""

    NAME = "semantic_id_trie"

    def __init__(self, vocabulary, end_id, registry):
        self.vocabulary = vocabulary
        self.end_id = end_id
        self.registry = registry
        self._allowed_cache = {}

    def allowed_token_ids(self, trie, codes):
        """Token ids a beam that generated `codes` may produce next; only end_id when it left the trie."""
        node = trie.node(codes) if codes is not None else None
        if node is None:
            return [self.end_id]
        allowed = [self.vocabulary.token_id(len(codes), code) for code in sorted(node.children)]
        if None in allowed:
            LOG.error("catalogue uses a code the tokenizer lacks below %s; those branches are closed", codes)
            allowed = [token_id for token_id in allowed if token_id is not None]
        if node.complete or not allowed:
            allowed.append(self.end_id)
        return allowed

    def __call__(self, request_id, logits, ids, stream_ptr=None, client_id=None):
        entry = self.registry.get(request_id)
        if entry is None:
            LOG.error("logits of unknown request %s: only end allowed", request_id)
        on_stream = stream_ptr is not None and logits.is_cuda
        # Every kernel goes on the executor's stream: the logits are only valid in its order of work.
        with torch.cuda.stream(torch.cuda.ExternalStream(stream_ptr)) if on_stream else contextlib.nullcontext():
            rows = logits.view(-1, logits.shape[-1])
            per_beam = max(1, rows.shape[0] // max(1, len(ids)))
            mask = torch.full_like(rows, float("-inf"))
            for row in range(rows.shape[0]):
                codes, trie = None, None
                if entry is not None and ids:
                    prompt_length, trie = entry
                    tokens = list(ids[min(row // per_beam, len(ids) - 1)])
                    # BeamTokens hold the prompt in some releases and not in others; handle both.
                    generated = tokens[prompt_length:] if len(tokens) >= prompt_length else tokens
                    codes = self.vocabulary.codes(generated)
                mask[row].index_fill_(0, self._allowed(trie, codes, rows.device), 0.0)
            rows.add_(mask)

    def _allowed(self, trie, codes, device):
        # Keyed by the trie object itself (not id()), so a reloaded catalogue can never hit a stale entry.
        key = (trie, codes, device)
        cached = self._allowed_cache.get(key)
        if cached is None:
            if len(self._allowed_cache) > 100_000:
                self._allowed_cache.clear()
            allowed = self.allowed_token_ids(trie, codes) if trie is not None else [self.end_id]
            cached = torch.tensor(allowed, dtype=torch.long, device=device)
            self._allowed_cache[key] = cached
        return cached


def keep_in_trie(beams, scores, vocabulary, trie, end_id):
    """The generated beams that spell a complete ID of the trie, with their scores, and how many were dropped.

    Under TensorRT-LLM's beam search the processor sees each beam *slot's* token history, not the beam's path
    once beams are reassigned to other parents (``gatherBeamTokens.h``: getTokens() "NOT coherent after beam
    reassignment"; the parent-id gather of PR 13617 was still open at the pinned commit), so from the third step
    on a mask can be built from the wrong prefix and a returned path can leave the catalogue. This check on the
    gathered final paths is what makes the answer hold: nothing outside the trie is returned.
    """
    kept_beams, kept_scores, dropped = [], [], 0
    for index, tokens in enumerate(beams):
        spelt = []
        for token in tokens:
            if token == end_id or token < 0:
                break
            spelt.append(token)
        codes = vocabulary.codes(spelt)
        node = None if codes is None or not codes else trie.node(codes)
        if node is not None and node.complete:
            kept_beams.append(list(tokens))
            kept_scores.append(scores[index] if index < len(scores) else 0.0)
        else:
            dropped += 1
    return kept_beams, kept_scores, dropped
