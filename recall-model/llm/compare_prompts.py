"""Compares checkpoints trained on prompts with and without a part (ablate_prompt.py) on every user of a split,
paired: the same held-out responses, each run with its own samples file's prompts. The first run is the reference.

python3 recall-model/llm/compare_prompts.py --objects O.tsv --run whole DIR S.jsonl --run no-profile DIR2 S2.jsonl \
    [--split validation|test] [--beam-width 50] [--out ranks.json]

train.py evaluates a seeded sample of users drawn with its --seed, so runs of different seeds see different users;
here every run is ranked on all of them. The paired standard error of a difference is that of the per-user
differences of hits (1, 0 or -1), smaller than two independent ones when both runs hit the same users.
"""

import argparse
import json
import math
import os
import sys

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):  # one thread, as train.py
    os.environ.setdefault(variable, "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from recall_llm import data  # noqa: E402  (first: puts the model repository on sys.path)
from recall_llm import evaluate  # noqa: E402
from nearline_recall import checkpoint  # noqa: E402


def arguments(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--objects", required=True, help="catalogue TSV of SampleCommand --objects-out (the trie)")
    p.add_argument("--run", nargs=3, action="append", required=True, metavar=("NAME", "CHECKPOINT", "SAMPLES"),
                   help="a checkpoint and the samples it was trained on; the first is the reference")
    p.add_argument("--split", choices=("validation", "test"), default="validation")
    p.add_argument("--beam-width", type=int, default=0, help="0: the checkpoint's default_beam_width")
    p.add_argument("--cutoff", type=int, default=10, help="K of the paired HR@K difference")
    p.add_argument("--out", help="also write every run's figures and per-user ranks (JSON)")
    return p.parse_args(argv)


def ranks_of(folder, samples, trie, beam_width):
    loaded = checkpoint.load(folder)
    info = loaded.info
    lists = evaluate.recall_lists(loaded.model, loaded.tokenizer, samples, trie,
                                  beam_width or info["default_beam_width"], info["max_prompt_tokens"])
    return [ranked.index(s.response) if s.response in ranked else None for ranked, s in zip(lists, samples)]


def paired(ranks, reference, k):
    """(mean, standard error) of the per-user difference of hits at k."""
    d = [(r is not None and r < k) - (q is not None and q < k) for r, q in zip(ranks, reference)]
    mean = sum(d) / len(d)
    variance = sum((x - mean) ** 2 for x in d) / (len(d) - 1) if len(d) > 1 else 0.0
    return mean, math.sqrt(variance / len(d))


def main(argv=None):
    args = arguments(argv)
    objects = data.read_objects(args.objects)
    trie = evaluate.catalogue_trie(objects)
    cutoffs = sorted({5, 10, args.cutoff})
    hr = "HR@%d" % args.cutoff
    runs, reference = [], None
    for name, folder, path in args.run:
        splits = data.load_splits(path)
        samples = getattr(splits, args.split)
        cases = [(s.user, s.event, s.response) for s in samples]
        if reference is not None and cases != reference["cases"]:
            raise SystemExit("%s: its %s split holds other users or responses than %s's: not a paired comparison"
                             % (name, args.split, runs[0]["name"]))
        ranks = ranks_of(folder, samples, trie, args.beam_width)
        run = {"name": name, "checkpoint": folder, "samples": path, "cases": cases, "ranks": ranks,
               "figures": evaluate.metrics_of(ranks, cutoffs, len(samples)),
               "popularity": evaluate.popularity(splits.train, objects, samples, cutoffs)}
        p = run["figures"][hr]
        run["se"] = math.sqrt(p * (1 - p) / len(samples))
        if reference is None:
            reference = run
        else:
            run["difference"], run["difference_se"] = paired(ranks, reference["ranks"], args.cutoff)
            if not math.isclose(run["difference"], p - reference["figures"][hr], abs_tol=1e-12):
                raise AssertionError("the paired difference is not the difference of the HR figures")
        runs.append(run)
        print("%s (%d %s users): HR@5 %.4f %s %.4f (s.e. %.4f) NDCG@10 %.4f | popularity %s %.4f%s" % (
            name, len(samples), args.split, run["figures"]["HR@5"], hr, p, run["se"], run["figures"]["NDCG@10"], hr,
            run["popularity"][hr], "" if run is reference else " | minus %s %+.4f (paired s.e. %.4f)" % (
                reference["name"], run["difference"], run["difference_se"])), flush=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as file:
            json.dump(runs, file, indent=1)
    return runs


if __name__ == "__main__":
    main()
