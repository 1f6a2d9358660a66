"""The Triton PyTorch model over the recall LLM checkpoint: loads it, recalls from the catalogue, refuses a catalogue
of another codebook with the reason."""

import importlib.util
import os
import tempfile
import unittest

import _paths  # noqa: F401
from fixtures import random_ids
from nearline_recall import checkpoint, semantic_ids
from nearline_recall.catalogue import CatalogueError, parse_version
from nearline_recall.pytorch_recall import load_llm_recall
from test_llama_recall import PROMPTS, tiny

IDS = random_ids(60, 4, 4, seed=8)


def write(path, text):
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def catalogue_text(header, ids=IDS):
    return header + "".join(semantic_ids.render(codes) + "\n" for codes in ids)


class LlmRecallTest(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.checkpoint = os.path.join(self.folder.name, "recall-llm")
        self.catalogue = os.path.join(self.folder.name, "in-delivery.txt")
        model, tokenizer = tiny()  # trained on codebook ids-v1
        checkpoint.save(self.checkpoint, model, tokenizer)

    def tearDown(self):
        self.folder.cleanup()

    def test_the_checkpoint_serves_ids_of_the_catalogue_best_first(self):
        write(self.catalogue, catalogue_text("# semantic-ids version=1 levels=4 codes=4 collision-codes=2\n"))
        recall = load_llm_recall(self.checkpoint, self.catalogue, poll_seconds=0)
        beams = recall.recall(PROMPTS[0], beam_width=20, returned=10, max_tokens=5)
        self.assertEqual(10, len(beams))
        rendered = {semantic_ids.render(codes) for codes in IDS}
        self.assertTrue(all(text in rendered for text, _ in beams))
        self.assertEqual(sorted((s for _, s in beams), reverse=True), [s for _, s in beams])
        self.assertNotEqual(beams, recall.recall(PROMPTS[1], 20, 10, 5))

    def test_a_catalogue_of_another_codebook_is_refused_naming_both_versions(self):
        write(self.catalogue, catalogue_text("# semantic-ids version=2 levels=4 codes=4 collision-codes=2\n"))
        with self.assertRaisesRegex(CatalogueError, "holds semantic IDs ids-v2 but the model was trained on "
                                                    "codebook ids-v1"):
            load_llm_recall(self.checkpoint, self.catalogue, poll_seconds=0)
        write(self.catalogue, catalogue_text(""))
        with self.assertRaisesRegex(CatalogueError, "no declared version"):
            load_llm_recall(self.checkpoint, self.catalogue, poll_seconds=0)

    def test_a_reload_to_another_codebook_keeps_the_old_snapshot(self):
        write(self.catalogue, catalogue_text("# semantic-id-version=ids-v1\n"))
        recall = load_llm_recall(self.checkpoint, self.catalogue, poll_seconds=0)
        write(self.catalogue + ".tmp", catalogue_text("# semantic-id-version=ids-v7\n", IDS[:5]))
        os.replace(self.catalogue + ".tmp", self.catalogue)
        self.assertFalse(recall.catalogue.check_now())
        self.assertIn("ids-v7", recall.catalogue.last_error)
        self.assertEqual(len(IDS), len(recall.catalogue.current().trie))

    def test_ids_the_tokenizer_cannot_spell_are_refused(self):
        write(self.catalogue, catalogue_text("# semantic-ids version=1\n", IDS + [(1, 2, 3, 0, 2)]))
        with self.assertRaisesRegex(CatalogueError, "code 2 at level 4"):
            load_llm_recall(self.checkpoint, self.catalogue, poll_seconds=0)

    def test_version_headers(self):
        self.assertEqual("ids-v3", parse_version("# semantic-ids version=3 levels=4\n<a_1>\n"))
        self.assertEqual("stand-in-1", parse_version("# other\n# semantic-id-version=stand-in-1\n<a_1>\n"))
        self.assertIsNone(parse_version("<a_1>\n# semantic-ids version=3\n"))

    def test_the_triton_model_builds_the_llm_from_checkpoint_dir(self):
        write(self.catalogue, catalogue_text("# semantic-ids version=1\n"))
        path = os.path.join(_paths.REPOSITORY_ROOT, "generative_recall_pytorch", "1", "model.py")
        spec = importlib.util.spec_from_file_location("generative_recall_pytorch_model_llm", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        config = module.parameters({"parameters": {"checkpoint_dir": {"string_value": self.checkpoint},
                                                   "catalogue_path": {"string_value": self.catalogue},
                                                   "catalogue_poll_seconds": {"string_value": "0"}}})
        recall = module.build_recall(config, module.RecallLimits(), "cpu")
        self.assertEqual(self.checkpoint, recall.decoder.loaded_from)
        self.assertEqual(5, len(recall.recall(PROMPTS[0], 5, 5, 5)))


if __name__ == "__main__":
    unittest.main()
