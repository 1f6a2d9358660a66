"""What the generative_recall_pytorch model does for one request, without Triton: prompt in, ranked semantic IDs out."""

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

    def __init__(self, decoder, catalogue, limits=RecallLimits()):
        self.decoder = decoder
        self.catalogue = catalogue
        self.limits = limits
        check_fits(decoder.shape, catalogue.current().trie)

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
