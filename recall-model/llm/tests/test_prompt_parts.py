"""The prompt-feature table's tools: ablate_prompt.py removes exactly one part's lines, compare_prompts.py ranks
checkpoints on the same held-out responses and its paired differences add up."""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ablate_prompt  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

if torch is not None:
    import compare_prompts  # noqa: E402
    from recall_llm import data, evaluate, train  # noqa: E402
    from test_training import world  # noqa: E402

PROMPT = ("Task: predict the next ad.\nUser: aged 45-54, male\nEarlier ads: <a_1><b_2><c_3><d_4>\n"
          "Interests: Drama; <a_1><b_2>\nRecent ads: <a_5><b_6><c_7><d_8>\nRecent content: <a_9><b_1><c_2><d_3>")


class AblateTest(unittest.TestCase):

    def test_each_part_removes_only_its_lines(self):
        lines = PROMPT.split("\n")
        self.assertEqual("\n".join(lines[:1] + lines[2:]), ablate_prompt.ablate(PROMPT, "profile"))
        self.assertEqual("\n".join(lines[:3] + lines[4:]), ablate_prompt.ablate(PROMPT, "interests"))
        self.assertEqual("\n".join(lines[:5]), ablate_prompt.ablate(PROMPT, "content"))

    def test_the_file_keeps_every_record_and_counts_the_prompts_it_changed(self):
        with tempfile.TemporaryDirectory() as folder:
            source, target = os.path.join(folder, "in.jsonl"), os.path.join(folder, "out.jsonl")
            records = [{"type": "sft", "prompt": PROMPT, "response": "<a_1>"},
                       {"type": "sft", "prompt": "Task: x\nRecent ads: <a_5>", "response": "<a_2>"}]
            with open(source, "w") as file:
                file.writelines(json.dumps(r) + "\n" for r in records)
            printed = io.StringIO()
            with redirect_stdout(printed):
                ablate_prompt.main(source, target, "profile")
            with open(target) as file:
                written = [json.loads(line) for line in file]
            self.assertIn("removed profile from 1 prompts", printed.getvalue())
            self.assertEqual([r["response"] for r in records], [r["response"] for r in written])
            self.assertNotIn("User:", written[0]["prompt"])
            self.assertEqual(records[1], written[1])
            with self.assertRaises(SystemExit):
                ablate_prompt.main(source, target, "summary")


@unittest.skipIf(torch is None, "needs torch (Debian: apt-get install python3-torch)")
class CompareTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        records, objects = world()
        cls.whole = cls.path("whole.jsonl")
        with open(cls.whole, "w") as file:
            file.writelines(json.dumps(r) + "\n" for r in records)
        cls.objects = cls.path("objects.tsv")
        with open(cls.objects, "w") as file:
            file.write(objects)
        cls.no_profile = cls.path("no-profile.jsonl")
        with redirect_stdout(io.StringIO()):
            ablate_prompt.main(cls.whole, cls.no_profile, "profile")
            for name in ("whole", "no-profile"):
                train.main(["--samples", cls.path(name + ".jsonl"), "--objects", cls.objects, "--out",
                            cls.path(name), "--hidden", "48", "--layers", "1", "--heads", "4", "--kv-heads", "2",
                            "--intermediate", "96", "--epochs", "4", "--lr", "1e-2", "--codes", "4",
                            "--collision-codes", "2", "--batch-size", "32", "--min-count", "1", "--beam-width", "10",
                            "--cutoffs", "5,10", "--log-every", "1000", "--seed", "7", "--dpo-epochs", "0",
                            "--skip-test"])

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.folder.name, name)

    def compare(self, *runs):
        argv = ["--objects", self.objects, "--beam-width", "10"]
        for run in runs:
            argv += ["--run", *run]
        with redirect_stdout(io.StringIO()):
            return compare_prompts.main(argv)

    def test_every_user_is_ranked_and_differences_are_paired(self):
        whole, again, no_profile = self.compare(("whole", self.path("whole"), self.whole),
                                                ("again", self.path("whole"), self.whole),
                                                ("no-profile", self.path("no-profile"), self.no_profile))
        splits = data.load_splits(self.whole)
        self.assertEqual(len(splits.validation), len(whole["ranks"]))
        from nearline_recall import checkpoint
        loaded = checkpoint.load(self.path("whole"))
        lists = evaluate.recall_lists(loaded.model, loaded.tokenizer, splits.validation,
                                      evaluate.catalogue_trie(data.read_objects(self.objects)), 10)
        self.assertAlmostEqual(evaluate.evaluate_lists(lists, splits.validation, [5, 10])["HR@10"],
                               whole["figures"]["HR@10"])
        self.assertEqual((0.0, 0.0), (again["difference"], again["difference_se"]))
        self.assertAlmostEqual(no_profile["figures"]["HR@10"] - whole["figures"]["HR@10"], no_profile["difference"])
        self.assertGreater(no_profile["difference_se"], 0.0, "the two models differ on some user")

    def test_runs_over_other_users_are_refused(self):
        fewer = self.path("fewer.jsonl")
        with open(self.whole) as inp, open(fewer, "w") as out:
            out.writelines(line for line in inp if json.loads(line)["userId"] != "u3")
        with self.assertRaises(SystemExit) as refused:
            self.compare(("whole", self.path("whole"), self.whole), ("fewer", self.path("whole"), fewer))
        self.assertIn("not a paired comparison", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
