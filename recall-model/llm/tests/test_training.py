"""Training the recall LLM end to end on small generated samples: loss falls, HR@10 beats popularity, DPO moves
recall towards high-eCPM objects, a resumed run ends where an uninterrupted one does, the checkpoint loads."""

import json
import os
import random
import sys
import tempfile
import unittest

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

try:
    import torch
except ImportError:  # the Maven runner skips without torch; direct runs say why
    torch = None

if torch is not None:
    import export_onnx  # noqa: E402
    from recall_llm import data, evaluate, train  # noqa: E402
    from nearline_recall import checkpoint, semantic_ids  # noqa: E402

INSTRUCTION = "Task: predict the next ad this user will click or convert on. Answer with its semantic ID."


def world(seed=1, objects=48, users=160, length=6):
    """Objects with 4-code IDs over 4 codes per level; each user's next ad follows a fixed successor of the last.

    A user's prompt is their ads so far (recall-v1 layout), the response the successor of the last one (with 10%
    noise), so the task is learnable from the prompt while popularity is nearly flat.
    """
    generator = random.Random(seed)
    ids = set()
    while len(ids) < objects:
        ids.add(tuple(generator.randrange(4) for _ in range(4)))
    ids = sorted(ids)
    successor = list(range(objects))
    generator.shuffle(successor)
    ecpm = [round(generator.uniform(1, 40), 2) for _ in range(objects)]
    records = []
    for user in range(users):
        item = generator.randrange(objects)
        history = [item]
        for step in range(length):
            nxt = successor[history[-1]] if generator.random() < 0.9 else generator.randrange(objects)
            prompt = INSTRUCTION + "\nUser: aged 25-34\nRecent ads: " + " ".join(
                semantic_ids.render(ids[i]) for i in history)
            record = {"type": "sft", "source": "test-world", "userId": "u%d" % user, "eventId": "e%d_%d" % (user, step),
                      "eventTime": step, "prompt": prompt, "response": semantic_ids.render(ids[nxt]),
                      "responseObjectId": "m%d" % nxt, "responseAction": "CLICK", "promptTokens": 0,
                      "promptVersion": "recall-v1", "dictionaryVersion": "d", "semanticIdVersion": "ids-v1"}
            records.append(record)
            other = generator.randrange(objects)
            if other != nxt:
                high, low = (nxt, other) if ecpm[nxt] >= ecpm[other] else (other, nxt)
                records.append({"type": "dpo", "source": "test-world", "userId": record["userId"],
                                "eventId": record["eventId"], "prompt": prompt,
                                "chosen": semantic_ids.render(ids[high]), "rejected": semantic_ids.render(ids[low]),
                                "chosenObjectId": "m%d" % high, "rejectedObjectId": "m%d" % low,
                                "chosenEcpm": ecpm[high], "rejectedEcpm": ecpm[low], "promptTokens": 0,
                                "promptVersion": "recall-v1", "dictionaryVersion": "d", "semanticIdVersion": "ids-v1"})
            history.append(nxt)
    objects_tsv = "# semantic-id-version=ids-v1\n" + "".join(
        "m%d\t%s\t%s\n" % (i, semantic_ids.render(codes), ecpm[i]) for i, codes in enumerate(ids))
    return records, objects_tsv


@unittest.skipIf(torch is None, "needs torch (Debian: apt-get install python3-torch)")
class TrainingTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        records, objects = world()
        cls.samples = os.path.join(cls.folder.name, "samples.jsonl")
        cls.objects = os.path.join(cls.folder.name, "objects.tsv")
        with open(cls.samples, "w") as file:
            file.writelines(json.dumps(r) + "\n" for r in records)
        with open(cls.objects, "w") as file:
            file.write(objects)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    SMALL = ("--hidden", "48", "--layers", "1", "--heads", "4", "--kv-heads", "2", "--intermediate", "96",
             "--epochs", "12", "--lr", "1e-2")
    # Two layers: finding the last ad of the prompt and mapping it to its successor takes one layer each.
    TWO_LAYERS = ("--hidden", "64", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--intermediate", "128",
                  "--epochs", "15", "--lr", "3e-3")

    def run_training(self, out, *extra, model=SMALL):
        argv = ["--samples", self.samples, "--objects", self.objects, "--out", out, *model, "--codes", "4",
                "--collision-codes", "2", "--batch-size", "32", "--min-count", "1", "--beam-width", "10",
                "--cutoffs", "5,10", "--log-every", "1000", "--seed", "7", *extra]
        return train.main(argv)

    def test_eval_users_lists_the_users_train_evaluates(self):
        import eval_users
        out = os.path.join(self.folder.name, "users.tsv")
        eval_users.main(["--samples", self.samples, "--eval-users", "50", "--hr300-users", "20", "--seed", "7",
                         "--out", out])
        with open(out) as file:
            lines = [line.rstrip("\n").split("\t") for line in file]
        splits = data.load_splits(self.samples)
        for part, samples, seed in (("validation", splits.validation, 7), ("test", splits.test, 7),
                                    ("hr300", splits.test, 8)):
            listed = [user for name, user in lines if name == part]
            self.assertEqual([s.user for s in train.subsample(samples, len(listed), seed)], listed)
        self.assertEqual({"validation": 50, "test": 50, "hr300": 20},
                         {part: sum(1 for name, _ in lines if name == part) for part in ("validation", "test", "hr300")})
        self.assertNotEqual([u for n, u in lines if n == "validation"], [s.user for s in splits.validation[:50]],
                            "a seeded sample, not the first users")

    def test_sft_loss_falls_hr10_beats_popularity_and_the_checkpoint_loads(self):
        out = os.path.join(self.folder.name, "sft")
        results = self.run_training(out, "--dpo-epochs", "0", model=self.TWO_LAYERS)
        losses = [loss for _, loss in results["sft_losses"]]
        self.assertLess(losses[-1], 0.6 * losses[0])
        test = results["test"]
        self.assertGreater(test["HR@10"], test["popularity"]["HR@10"] + 0.3, test)
        loaded = checkpoint.load(out)
        self.assertEqual("ids-v1", loaded.codebook_version)
        with open(os.path.join(out, "model.onnx.json")) as file:
            record = json.load(file)  # the export train.py writes beside the weights, and what it was made from
        self.assertTrue(os.path.getsize(os.path.join(out, "model.onnx")) > 0)
        self.assertEqual(export_onnx.weights_sha256(out), record["weights_sha256"])
        self.assertEqual(["sft"], loaded.info["stages"])
        splits = data.load_splits(self.samples)
        lists = evaluate.recall_lists(loaded.model, loaded.tokenizer, splits.test, evaluate.catalogue_trie(
            data.read_objects(self.objects)), 10)
        self.assertAlmostEqual(test["HR@10"], evaluate.evaluate_lists(lists, splits.test, [10])["HR@10"])

    def test_dpo_raises_the_high_ecpm_share_of_recall(self):
        out = os.path.join(self.folder.name, "dpo")
        results = self.run_training(out, "--dpo-epochs", "6", "--dpo-beta", "0.5", "--dpo-lr", "5e-3",
                                    "--dpo-sft-weight", "0", "--skip-test")
        before, after = results["dpo"]["before"], results["dpo"]["after"]
        self.assertGreater(after["high_ecpm_share@10"], before["high_ecpm_share@10"])

    def test_a_resumed_run_ends_with_the_weights_of_an_uninterrupted_one(self):
        whole = os.path.join(self.folder.name, "whole")
        parts = os.path.join(self.folder.name, "parts")
        quick = ("--dpo-epochs", "0", "--skip-test")
        short = self.SMALL[:-4] + ("--epochs", "2", "--lr", "1e-2")
        self.run_training(whole, *quick, model=short)
        self.assertIsNone(self.run_training(parts, *quick, "--stop-after-steps", "25", model=short))
        self.run_training(parts, *quick, "--resume", model=short)
        first, _ = checkpoint.load_safetensors(os.path.join(whole, "model.safetensors"))
        second, _ = checkpoint.load_safetensors(os.path.join(parts, "model.safetensors"))
        self.assertEqual(sorted(first), sorted(second))
        for name in first:
            self.assertTrue(torch.equal(first[name], second[name]), name)


if __name__ == "__main__":
    unittest.main()
