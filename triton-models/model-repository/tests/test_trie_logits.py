"""The TensorRT-LLM logits post-processor: masks per beam, and with a plain token-level beam search equals our search."""

import math
import random
import unittest

import torch

import _paths  # noqa: F401
from fixtures import random_trie
from nearline_recall.trie_beam_search import SemanticIdTrie, is_close, search
from nearline_recall.trie_logits import RequestRegistry, SemanticIdVocabulary, TrieLogitsProcessor, keep_in_trie

LEVELS, CODES, WORDS = 4, 6, 10
END_ID = 2


def shuffled_vocabulary(seed=0):
    """Semantic tokens at scattered ids among ordinary words, like tokens appended to a real tokenizer."""
    ids = list(range(3, 3 + LEVELS * CODES + WORDS))
    random.Random(seed).shuffle(ids)
    table = {(level, code): ids[level * CODES + code] for level in range(LEVELS) for code in range(CODES)}
    return SemanticIdVocabulary(table), 3 + LEVELS * CODES + WORDS


def table_logits(tokens, size, seed):
    generator = torch.Generator().manual_seed(seed * 7919 + hash(tuple(tokens)) % 1_000_003)
    return torch.randn(size, generator=generator) * 2.0


def registered(trie, prompt_length, request_id=7):
    registry = RequestRegistry()
    with registry.lock:
        registry.put(request_id, prompt_length, trie)
    return registry


class TrieLogitsProcessorTest(unittest.TestCase):

    def setUp(self):
        self.vocabulary, self.size = shuffled_vocabulary()
        self.trie = SemanticIdTrie([(1, 2, 3, 4), (1, 2, 3, 5), (1, 0, 0, 0), (4, 4, 4, 4)])
        self.prompt = [40, 41, 42]
        self.processor = TrieLogitsProcessor(self.vocabulary, END_ID, registered(self.trie, len(self.prompt)))

    def allowed_after(self, generated_codes, request_id=7, with_prompt=True):
        tokens = [self.vocabulary.token_id(level, code) for level, code in enumerate(generated_codes)]
        logits = torch.zeros(1, 1, self.size)
        self.processor(request_id, logits, [(self.prompt if with_prompt else []) + tokens], None)
        return set(torch.nonzero(torch.isfinite(logits.view(-1))).view(-1).tolist())

    def test_only_trie_children_survive_the_mask(self):
        self.assertEqual({self.vocabulary.token_id(0, 1), self.vocabulary.token_id(0, 4)}, self.allowed_after(()))
        self.assertEqual({self.vocabulary.token_id(1, 2), self.vocabulary.token_id(1, 0)}, self.allowed_after((1,)))
        self.assertEqual({self.vocabulary.token_id(3, 4), self.vocabulary.token_id(3, 5)},
                         self.allowed_after((1, 2, 3)))

    def test_a_complete_id_may_only_end(self):
        self.assertEqual({END_ID}, self.allowed_after((1, 2, 3, 4)))

    def test_a_beam_off_the_trie_or_an_unknown_request_may_only_end(self):
        self.assertEqual({END_ID}, self.allowed_after((2,)))
        self.assertEqual({END_ID}, self.allowed_after((1,), request_id=99))

    def test_beam_tokens_without_the_prompt_are_read_the_same(self):
        self.assertEqual(self.allowed_after((1, 2)), self.allowed_after((1, 2), with_prompt=False))

    def test_each_beam_gets_its_own_mask(self):
        beams = [self.prompt + [self.vocabulary.token_id(0, 1)], self.prompt + [self.vocabulary.token_id(0, 4)]]
        logits = torch.zeros(2, 1, self.size)
        self.processor(7, logits, beams, None)
        first = set(torch.nonzero(torch.isfinite(logits[0, 0])).view(-1).tolist())
        second = set(torch.nonzero(torch.isfinite(logits[1, 0])).view(-1).tolist())
        self.assertEqual({self.vocabulary.token_id(1, 2), self.vocabulary.token_id(1, 0)}, first)
        self.assertEqual({self.vocabulary.token_id(1, 4)}, second)

    def test_a_tokenizer_without_the_semantic_tokens_is_refused(self):
        known = {"<a_0>": 10, "<a_1>": 11, "<b_0>": 12}
        with self.assertRaisesRegex(ValueError, "no token <b_1>"):
            SemanticIdVocabulary.from_tokenizer(lambda text: known.get(text, 0), 2, 2, unknown_id=0)

    def test_generated_tokens_render_as_the_id_text(self):
        tokens = [self.vocabulary.token_id(level, code) for level, code in enumerate((1, 2, 3, 5))]
        self.assertEqual("<a_1><b_2><c_3><d_5>", self.vocabulary.render(tokens + [END_ID, -1], END_ID))

    def test_token_level_beam_search_with_the_processor_equals_the_trie_search(self):
        trie = random_trie(120, LEVELS, CODES, seed=21)
        processor = TrieLogitsProcessor(self.vocabulary, END_ID, registered(trie, len(self.prompt), request_id=1))
        width = 12
        beams = [(list(self.prompt), 0.0)]
        for _ in range(LEVELS):  # what TensorRT-LLM does: whole-vocabulary logits, processor, log-softmax, top-k
            logits = torch.stack([table_logits(tokens[len(self.prompt):], self.size, 3) for tokens, _ in beams])
            processor(1, logits.view(len(beams), 1, self.size), [tokens for tokens, _ in beams], None)
            log_probs = torch.log_softmax(logits.double(), dim=1)
            candidates = [(score + log_probs[row, token].item(), tokens + [token])
                          for row, (tokens, score) in enumerate(beams)
                          for token in range(self.size) if math.isfinite(log_probs[row, token].item())]
            candidates.sort(key=lambda candidate: -candidate[0])
            beams = [(tokens, score) for score, tokens in candidates[:width]]

        def scorer(prefixes):
            rows = []
            for codes in prefixes:
                tokens = [self.vocabulary.token_id(level, code) for level, code in enumerate(codes)]
                full = table_logits(tokens, self.size, 3)
                columns = [self.vocabulary.token_id(len(codes), code) for code in range(CODES)] + [END_ID]
                rows.append(full[columns])
            return torch.stack(rows)

        expected = search(trie, scorer, width, width, LEVELS)
        found = [(self.vocabulary.codes(tokens[len(self.prompt):]), score) for tokens, score in beams]
        self.assertEqual([beam.codes for beam in expected], [codes for codes, _ in found])
        for beam, (_, score) in zip(expected, found):
            self.assertTrue(is_close(beam.score, score, 1e-6), (beam, score))
        self.assertTrue(all(codes in set(trie) for codes, _ in found))


    def test_masks_from_slot_histories_leave_the_trie_and_the_final_check_drops_them(self):
        """TensorRT-LLM hands the processor each beam slot's own token history; after beams are reassigned to
        other parents that is not the beam's path. Simulated here: masks from slot histories, true paths gathered
        through parent links at the end, as the engine does. Some paths leave the trie; keep_in_trie drops them."""
        trie = random_trie(200, LEVELS, CODES, seed=5)
        processor = TrieLogitsProcessor(self.vocabulary, END_ID, registered(trie, 0, request_id=3))
        width, escaped = 8, 0
        for seed in range(20):
            paths, slots, scores = [[]], [[]], [0.0]
            for _ in range(LEVELS):
                logits = torch.stack([table_logits(path, self.size, seed) for path in paths])
                processor(3, logits.view(len(paths), 1, self.size), slots, None)  # the slot's history, not its path
                log_probs = torch.log_softmax(logits.double(), dim=1)
                candidates = sorted(((scores[row] + log_probs[row, token].item(), row, token)
                                     for row in range(len(paths)) for token in range(self.size)
                                     if math.isfinite(log_probs[row, token].item())), key=lambda c: -c[0])[:width]
                paths = [paths[row] + [token] for _, row, token in candidates]
                slots = [slots[slot] + [token] if slot < len(slots) else [token]
                         for slot, (_, _, token) in enumerate(candidates)]
                scores = [score for score, _, _ in candidates]
            kept, kept_scores, dropped = keep_in_trie(paths, scores, self.vocabulary, trie, END_ID)
            escaped += dropped
            self.assertEqual(len(paths), len(kept) + dropped)
            for path in kept:
                self.assertIn(self.vocabulary.codes(path), set(trie))
        self.assertGreater(escaped, 0, "slot histories never misled the mask: the simulation shows nothing")
        print("[trie-under-beam-reassignment] %d of %d returned paths left the trie" % (escaped, 20 * width))


if __name__ == "__main__":
    unittest.main()
