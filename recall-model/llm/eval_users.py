"""Writes the users train.py evaluates (--eval-users, --hr300-users, --seed), one `split<TAB>user` line each, so
that triton-models' EvaluateServingPath measures the serving path on exactly the users of results.json.

python3 recall-model/llm/eval_users.py --samples S.jsonl --eval-users 2000 --hr300-users 300 --out users.tsv
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from recall_llm import data  # noqa: E402
from recall_llm.train import subsample  # noqa: E402  (the selection itself, not a copy of it)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", required=True)
    p.add_argument("--eval-users", type=int, default=0, help="as train.py: a seeded sample of this many (0: all)")
    p.add_argument("--hr300-users", type=int, default=0, help="as train.py: the test users of HR@300")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    splits = data.load_splits(args.samples)
    chosen = [("validation", subsample(splits.validation, args.eval_users, args.seed)),
              ("test", subsample(splits.test, args.eval_users, args.seed))]
    if args.hr300_users:
        chosen.append(("hr300", subsample(splits.test, args.hr300_users, args.seed + 1)))
    with open(args.out, "w", encoding="utf-8") as out:
        for name, samples in chosen:
            for sample in samples:
                out.write("%s\t%s\n" % (name, sample.user))
    print(" ".join("%s %d" % (name, len(samples)) for name, samples in chosen), "users ->", args.out)


if __name__ == "__main__":
    main()
