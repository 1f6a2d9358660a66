"""What the generative_recall_pytorch model does for one request, without Triton: prompt in, ranked semantic IDs out.

Two decoders: the recall LLM loaded from its Hugging Face checkpoint (load_llm_recall, the deployment), or the small
GRU RecallDecoder (random unless trained weights are given; kept for plumbing tests).
"""

from dataclasses import dataclass

from . import semantic_ids
from .trie_beam_search import search


@dataclass(frozen=True)
class RecallLimits:
    """Bounds a request is checked against; a request past them is refused with the limit named."""

    max_beam_width: int = 1024
    max_tokens: int = 8
    max_prompt_chars: int = 65536


class PytorchRecall:
    """Constrained beam search of a RecallDecoder over the catalogue a watcher (or a fixed snapshot source) serves."""

    def __init__(self, decoder, catalogue, limits=RecallLimits(), check=None):
        self.decoder = decoder
        self.catalogue = catalogue
        self.limits = limits
        if check is None:
            check_fits(decoder.shape, catalogue.current().trie)
        else:
            check(catalogue.current().trie)

    def recall(self, prompt, beam_width, returned, max_tokens):
        """[(rendered ID, cumulative log-prob)], best first; ValueError naming the bad argument."""
        if not 1 <= beam_width <= self.limits.max_beam_width:
            raise ValueError("beam_width %d outside 1..%d" % (beam_width, self.limits.max_beam_width))
        if not 1 <= returned <= beam_width:
            raise ValueError("num_return_sequences %d outside 1..beam_width (%d)" % (returned, beam_width))
        if not 1 <= max_tokens <= self.limits.max_tokens:
            raise ValueError("max_tokens %d outside 1..%d" % (max_tokens, self.limits.max_tokens))
        if len(prompt) > self.limits.max_prompt_chars:
            raise ValueError("prompt of %d characters exceeds %d" % (len(prompt), self.limits.max_prompt_chars))
        trie = self.catalogue.current().trie
        beams = search(trie, self.decoder.scorer(prompt), beam_width, returned, max_tokens)
        return [(semantic_ids.render(beam.codes), beam.score) for beam in beams]


def check_fits(shape, trie):
    """Refuses a catalogue whose IDs the model cannot spell (more levels or larger codes than its vocabulary)."""
    if trie.max_length > shape.levels:
        raise ValueError("catalogue has IDs of %d levels, the model knows %d" % (trie.max_length, shape.levels))
    for codes in trie:
        if max(codes) >= shape.codes:
            raise ValueError("catalogue ID %s uses code %d, the model knows codes 0..%d"
                             % (semantic_ids.render(codes), max(codes), shape.codes - 1))


class FixedCatalogue:
    """A catalogue source that never changes (tests, one-off runs)."""

    def __init__(self, snapshot):
        self._snapshot = snapshot

    def current(self):
        return self._snapshot


class LlmDecoder:
    """The recall LLM behind PytorchRecall: its beam scorer is the KV-cached LlmPromptScorer."""

    def __init__(self, loaded, device=None):
        self.model, self.tokenizer, self.info = loaded.model, loaded.tokenizer, loaded.info
        self.device = device
        self.codebook_version = loaded.codebook_version
        self.loaded_from = loaded.folder
        self.max_prompt_tokens = int(self.info.get("max_prompt_tokens", 0))

    def scorer(self, prompt):
        from .llm_scorer import LlmPromptScorer  # torch-heavy; only an LLM deployment needs it
        return LlmPromptScorer(self.model, self.tokenizer, prompt, self.device, self.max_prompt_tokens)

    def check_fits(self, trie):
        """Refuses IDs longer than the tokenizer's levels (+ collision level) or codes it has no token for."""
        tokenizer = self.tokenizer
        if trie.max_length > tokenizer.max_id_length:
            raise ValueError("catalogue has IDs of %d levels, the model's tokenizer spells %d"
                             % (trie.max_length, tokenizer.max_id_length))
        for codes in trie:
            for level, code in enumerate(codes):
                if code >= tokenizer.level_size(level):
                    raise ValueError("catalogue ID %s uses code %d at level %d, the tokenizer has codes 0..%d there"
                                     % (semantic_ids.render(codes), code, level, tokenizer.level_size(level) - 1))


def load_llm_recall(checkpoint_dir, catalogue_path, poll_seconds=10.0, limits=RecallLimits(), device="cpu"):
    """The checkpoint and a watcher of the catalogue it may serve: refused (CatalogueError) when the catalogue's
    codebook version is not the one the checkpoint was trained on, or holds IDs its tokenizer cannot spell."""
    from . import checkpoint
    from .catalogue import CatalogueWatcher
    loaded = checkpoint.load(checkpoint_dir, device)
    if not loaded.codebook_version:
        raise checkpoint.CheckpointError("%s: config.json names no nearline_recall.codebook_version, so no catalogue"
                                         " can be checked against it" % checkpoint_dir)
    decoder = LlmDecoder(loaded, device)
    watcher = CatalogueWatcher(catalogue_path, poll_seconds, validate=decoder.check_fits,
                               expected_version=decoder.codebook_version)
    return PytorchRecall(decoder, watcher, limits, check=decoder.check_fits)
