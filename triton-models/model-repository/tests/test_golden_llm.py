"""The committed tiny checkpoint and golden outputs (tests/recall-llm-tiny) still match the code that made them."""

import json
import os
import unittest

import torch

import _paths  # noqa: F401
import golden_llm
from nearline_recall import checkpoint
from nearline_recall.catalogue import load
from nearline_recall.llm_scorer import LlmPromptScorer
from nearline_recall.trie_beam_search import search


class GoldenLlmTest(unittest.TestCase):

    def setUp(self):
        with open(os.path.join(golden_llm.FOLDER, "golden.json"), encoding="utf-8") as file:
            self.golden = json.load(file)
        self.loaded = checkpoint.load(golden_llm.FOLDER)

    def test_the_committed_checkpoint_is_the_one_the_script_builds(self):
        model, tokenizer, _ = golden_llm.build()
        self.assertEqual(tokenizer.vocab, self.loaded.tokenizer.vocab)
        for name, tensor in model.state_dict().items():
            self.assertTrue(torch.equal(tensor, self.loaded.model.state_dict()[name]), name)

    def test_token_ids_logits_and_beams_match_the_golden_file(self):
        snapshot = load(os.path.join(golden_llm.FOLDER, "catalogue.txt"), expected_version="ids-v1")
        for case in self.golden["cases"]:
            tokens = self.loaded.tokenizer.prompt_ids(case["prompt"])
            self.assertEqual(case["input_ids"], tokens)
            with torch.no_grad():
                logits = self.loaded.model(torch.tensor([tokens]))[0][0, -1]
            self.assertTrue(torch.allclose(torch.tensor(case["last_logits"]), logits, atol=2e-5))
            self.assertTrue(torch.allclose(torch.tensor(case["last_logits_after_prefix_cache"]), logits, atol=2e-5))
            for width, expected in case["beams"].items():
                found = search(snapshot.trie, LlmPromptScorer(self.loaded.model, self.loaded.tokenizer,
                                                              case["prompt"]), int(width), int(width), 5)
                self.assertEqual([text for text, _ in expected],
                                 [text for text, _ in ((golden_llm.semantic_ids.render(b.codes), 0) for b in found)])
                for (_, score), beam in zip(expected, found):
                    self.assertAlmostEqual(score, beam.score, places=4)


if __name__ == "__main__":
    unittest.main()
