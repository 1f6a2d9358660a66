"""Constrained beam search: never leaves the trie, ranks by score, equals brute force where the beam covers the trie."""

import math
import unittest

import torch

import _paths  # noqa: F401
from fixtures import TableScorer, random_ids, random_trie
from nearline_recall.recall_decoder import DecoderShape, RecallDecoder
from nearline_recall.trie_beam_search import SemanticIdTrie, brute_force, is_close, search


def tiny_decoder(levels, codes, seed=7):
    return RecallDecoder.load_or_seed(None, seed, DecoderShape(levels=levels, codes=codes, text_buckets=32,
                                                               embedding=8, hidden=16))


class TrieBeamSearchTest(unittest.TestCase):

    def test_every_result_is_a_complete_id_of_the_trie(self):
        ids = random_ids(200, 4, 16, seed=1)
        trie = SemanticIdTrie(ids)
        scorer = tiny_decoder(4, 16).scorer("user clicked <a_3><b_9><c_1><d_4> then <a_3><b_2><c_0><d_15>")
        beams = search(trie, scorer, beam_width=50, returned=50, max_steps=4)
        self.assertEqual(50, len(beams))
        for beam in beams:
            self.assertIn(beam.codes, set(ids))

    def test_results_are_sorted_best_first(self):
        trie = random_trie(300, 4, 16, seed=2)
        beams = search(trie, TableScorer(17, seed=2), beam_width=40, returned=40, max_steps=4)
        scores = [beam.score for beam in beams]
        self.assertEqual(sorted(scores, reverse=True), scores)
        self.assertTrue(all(score <= 0.0 for score in scores))

    def test_width_300_returns_300_distinct_complete_ids(self):
        ids = random_ids(3000, 4, 32, seed=3)
        trie = SemanticIdTrie(ids)
        scorer = tiny_decoder(4, 32).scorer("<a_1><b_2><c_3><d_4>")
        beams = search(trie, scorer, beam_width=300, returned=300, max_steps=4)
        self.assertEqual(300, len(beams))
        self.assertEqual(300, len({beam.codes for beam in beams}))
        self.assertTrue({beam.codes for beam in beams} <= set(ids))

    def test_equals_brute_force_on_a_tiny_trie_when_the_beam_covers_it(self):
        trie = random_trie(20, 3, 4, seed=4)
        scorer = tiny_decoder(3, 4).scorer("<a_0><b_1><c_2>")
        expected = brute_force(trie, scorer)
        found = search(trie, scorer, beam_width=64, returned=64, max_steps=3)
        self.assertEqual([beam.codes for beam in expected], [beam.codes for beam in found])
        for want, got in zip(expected, found):
            # the decoder's logits are float32, computed in batches of other sizes by the two searches; BLAS may sum
            # them in another order (seen: 6.5e-9 apart with OpenBLAS), so agreement is to float32 precision
            self.assertTrue(is_close(want.score, got.score, 1e-6), (want, got))

    def test_equals_brute_force_with_collision_extended_ids(self):
        # <a_1><b_2> is complete and also the prefix of <a_1><b_2><c_0>: ending competes with extending.
        trie = SemanticIdTrie([(1, 2), (1, 2, 0), (1, 3, 1), (0, 0, 0), (0, 0, 1), (2, 1)])
        scorer = TableScorer(5, seed=5)
        expected = brute_force(trie, scorer)
        found = search(trie, scorer, beam_width=16, returned=16, max_steps=3)
        self.assertEqual(len(trie), len(found))
        self.assertEqual([beam.codes for beam in expected], [beam.codes for beam in found])
        for want, got in zip(expected, found):
            self.assertTrue(is_close(want.score, got.score), (want, got))

    def test_narrow_beam_finds_a_subset_of_brute_force_with_exact_scores(self):
        trie = random_trie(60, 3, 6, seed=6)
        scorer = TableScorer(7, seed=6)
        exact = {beam.codes: beam.score for beam in brute_force(trie, scorer)}
        found = search(trie, scorer, beam_width=3, returned=3, max_steps=3)
        self.assertEqual(3, len(found))
        for beam in found:
            self.assertTrue(is_close(exact[beam.codes], beam.score))

    def test_probabilities_are_normalised_over_allowed_codes_only(self):
        # Codes 2 and 3 have the largest logits but are not in the trie: they must not take probability mass.
        logits = {(): [0.0, 0.0, 9.0, 9.0, 9.0], (0,): [1.0, 1.0, 9.0, 9.0, 9.0], (1,): [0.0, 0.0, 0.0, 0.0, 0.0]}
        trie = SemanticIdTrie([(0, 0), (0, 1), (1, 0)])
        beams = search(trie, lambda prefixes: torch.tensor([logits[p] for p in prefixes]), 8, 8, 2)
        scores = {beam.codes: beam.score for beam in beams}
        self.assertAlmostEqual(math.log(0.5), scores[(1, 0)])
        self.assertAlmostEqual(2 * math.log(0.5), scores[(0, 0)])
        self.assertAlmostEqual(2 * math.log(0.5), scores[(0, 1)])

    def test_step_limit_keeps_only_ids_already_complete(self):
        trie = SemanticIdTrie([(0, 1), (0, 1, 2), (1, 1, 1)])
        beams = search(trie, TableScorer(4, seed=8), beam_width=8, returned=8, max_steps=2)
        self.assertEqual([(0, 1)], [beam.codes for beam in beams])

    def test_bad_arguments_are_refused(self):
        trie = SemanticIdTrie([(0,)])
        for width, returned, steps in [(0, 1, 1), (1, 0, 1), (1, 1, 0)]:
            with self.assertRaises(ValueError):
                search(trie, TableScorer(2, seed=0), width, returned, steps)

    def test_the_same_seed_gives_the_same_model_and_results(self):
        trie = random_trie(100, 4, 16, seed=9)
        first = search(trie, tiny_decoder(4, 16, seed=11).scorer("x <a_1><b_1><c_1><d_1>"), 10, 10, 4)
        second = search(trie, tiny_decoder(4, 16, seed=11).scorer("x <a_1><b_1><c_1><d_1>"), 10, 10, 4)
        other = search(trie, tiny_decoder(4, 16, seed=12).scorer("x <a_1><b_1><c_1><d_1>"), 10, 10, 4)
        self.assertEqual(first, second)
        self.assertNotEqual([b.score for b in first], [b.score for b in other])


if __name__ == "__main__":
    unittest.main()
