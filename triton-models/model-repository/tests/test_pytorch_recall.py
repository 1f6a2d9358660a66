"""The generative_recall_pytorch model's request path, without Triton: limits, rendering, weights files, loading."""

import importlib.util
import os
import tempfile
import unittest

import _paths  # noqa: F401
from fixtures import random_ids
from nearline_recall import semantic_ids
from nearline_recall.catalogue import CatalogueSnapshot
from nearline_recall.pytorch_recall import FixedCatalogue, PytorchRecall, RecallLimits, check_fits
from nearline_recall.recall_decoder import DecoderShape, RecallDecoder
from nearline_recall.trie_beam_search import SemanticIdTrie

SHAPE = DecoderShape(levels=4, codes=16, text_buckets=32, embedding=8, hidden=16)
PROMPT = "user 17, gold tier, clicked <a_1><b_2><c_3><d_4> then bought <a_1><b_2><c_9><d_0>"


def catalogue(ids):
    return FixedCatalogue(CatalogueSnapshot(SemanticIdTrie(ids), "test", ()))


class PytorchRecallTest(unittest.TestCase):

    def setUp(self):
        self.ids = random_ids(400, 4, 16, seed=31)
        self.recall = PytorchRecall(RecallDecoder.load_or_seed(None, 5, SHAPE), catalogue(self.ids))

    def test_recall_returns_rendered_ids_in_delivery_best_first(self):
        beams = self.recall.recall(PROMPT, beam_width=20, returned=10, max_tokens=4)
        self.assertEqual(10, len(beams))
        rendered = {semantic_ids.render(codes) for codes in self.ids}
        self.assertTrue(all(text in rendered for text, _ in beams))
        self.assertEqual(sorted((score for _, score in beams), reverse=True), [score for _, score in beams])

    def test_the_prompt_changes_the_ranking(self):
        first = self.recall.recall(PROMPT, 20, 20, 4)
        other = self.recall.recall("user 3 clicked <a_15><b_0><c_0><d_7>", 20, 20, 4)
        self.assertNotEqual(first, other)

    def test_requests_outside_the_limits_are_refused_naming_the_limit(self):
        recall = PytorchRecall(self.recall.decoder, self.recall.catalogue, RecallLimits(max_beam_width=50))
        cases = [((PROMPT, 51, 1, 4), "beam_width 51"), ((PROMPT, 10, 11, 4), "num_return_sequences 11"),
                 ((PROMPT, 10, 5, 0), "max_tokens 0"), (("x" * 70000, 10, 5, 4), "prompt of 70000")]
        for arguments, message in cases:
            with self.assertRaisesRegex(ValueError, message):
                recall.recall(*arguments)

    def test_saved_weights_load_into_the_same_model(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "recall_decoder.pt")
            self.recall.decoder.save(path)
            loaded = RecallDecoder.load_or_seed(path, seed=999)
            self.assertEqual(path, loaded.loaded_from)
            again = PytorchRecall(loaded, self.recall.catalogue)
            self.assertEqual(self.recall.recall(PROMPT, 15, 15, 4), again.recall(PROMPT, 15, 15, 4))

    def test_a_missing_weights_file_falls_back_to_the_seeded_model(self):
        model = RecallDecoder.load_or_seed("/nonexistent/recall_decoder.pt", seed=5, shape=SHAPE)
        self.assertIsNone(model.loaded_from)
        self.assertEqual(self.recall.recall(PROMPT, 10, 10, 4),
                         PytorchRecall(model, self.recall.catalogue).recall(PROMPT, 10, 10, 4))

    def test_a_catalogue_the_model_cannot_spell_is_refused(self):
        with self.assertRaisesRegex(ValueError, "code 16"):
            check_fits(SHAPE, SemanticIdTrie([(1, 2, 3, 16)]))
        with self.assertRaisesRegex(ValueError, "5 levels"):
            check_fits(SHAPE, SemanticIdTrie([(1, 2, 3, 4, 0)]))

    def test_the_triton_model_file_imports_without_triton(self):
        path = os.path.join(_paths.REPOSITORY_ROOT, "generative_recall_pytorch", "1", "model.py")
        spec = importlib.util.spec_from_file_location("generative_recall_pytorch_model", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.assertIsNone(module.pb_utils)
        self.assertEqual("/catalogue/in-delivery.txt", module.parameters({})["catalogue_path"])
        with self.assertRaisesRegex(ValueError, "unknown parameters"):
            module.parameters({"parameters": {"catalog_path": {"string_value": "x"}}})


if __name__ == "__main__":
    unittest.main()
