"""Training data of the recall LLM: the SFT and DPO JSONL that recall-prompts' SampleCommand writes, split per user.

Leave-one-out over each user's SFT samples in time order (the protocol of ../../../shared/datasets/README.md): the
last sample is the test case, the one before it validation, the rest training. A sample's prompt is the serving
prompt just before its response, so a user's test prompt holds every earlier response and no training sample has the
test response as its target. DPO pairs go with the split of their SFT sample (same user and event).
"""

import glob
import json
import os
import sys
from dataclasses import dataclass, field

REPOSITORY = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODEL_REPOSITORY = os.path.join(REPOSITORY, "triton-models", "model-repository")
if MODEL_REPOSITORY not in sys.path:
    sys.path.insert(0, MODEL_REPOSITORY)

from nearline_recall import semantic_ids  # noqa: E402
from nearline_recall.word_tokenizer import WordTokenizer  # noqa: E402

DICTIONARIES = os.path.join(REPOSITORY, "recall-prompts", "src", "main", "resources", "dictionaries")


@dataclass
class Sample:
    user: str
    event: str
    time: int
    prompt: str
    response: tuple  # semantic-ID codes
    object_id: str


@dataclass
class Pair:
    user: str
    event: str
    prompt: str
    chosen: tuple
    rejected: tuple
    chosen_ecpm: float
    rejected_ecpm: float


@dataclass
class Splits:
    train: list = field(default_factory=list)
    validation: list = field(default_factory=list)
    test: list = field(default_factory=list)
    pairs: dict = field(default_factory=dict)  # split name -> [Pair]
    semantic_id_version: str = ""
    source: str = ""


def read_samples(path):
    """(samples, pairs, semantic-ID version, source); a file mixing semantic-ID versions is refused."""
    samples, pairs, versions, sources = [], [], set(), set()
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            versions.add(record["semanticIdVersion"])
            sources.add(record["source"])
            if record["type"] == "sft":
                samples.append(Sample(record["userId"], record["eventId"], record["eventTime"], record["prompt"],
                                      semantic_ids.parse_one(record["response"]), record["responseObjectId"]))
            elif record["type"] == "dpo":
                pairs.append(Pair(record["userId"], record["eventId"], record["prompt"],
                                  semantic_ids.parse_one(record["chosen"]), semantic_ids.parse_one(record["rejected"]),
                                  record["chosenEcpm"], record["rejectedEcpm"]))
            else:
                raise ValueError("%s line %d: unknown record type %r" % (path, number, record["type"]))
    if len(versions) > 1:
        raise ValueError("%s mixes semantic-ID versions %s: a model is trained on one codebook" % (path, versions))
    return samples, pairs, versions.pop() if versions else "", ",".join(sorted(sources))


def split(samples, pairs, holdout="leave-one-out"):
    """leave-one-out: per user the last sample is test, the one before validation; serve: no test (the live
    replay judges the model), the last of a user's two or more samples is validation, the rest training."""
    by_user = {}
    for order, sample in enumerate(samples):
        by_user.setdefault(sample.user, []).append((sample.time, order, sample))
    splits = Splits()
    where = {}
    for user in sorted(by_user):
        ordered = [sample for _, _, sample in sorted(by_user[user])]
        if holdout == "serve":
            parts = [("validation", ordered[-1:] if len(ordered) >= 2 else []),
                     ("train", ordered[:-1] if len(ordered) >= 2 else ordered)]
        else:
            parts = [("test", ordered[-1:])]
            if len(ordered) >= 2:
                parts.append(("validation", ordered[-2:-1]))
            parts.append(("train", ordered[:-2] if len(ordered) >= 2 else []))
        for name, chosen in parts:
            getattr(splits, name).extend(chosen)
            for sample in chosen:
                where[(sample.user, sample.event)] = name
    for pair in pairs:
        splits.pairs.setdefault(where.get((pair.user, pair.event), "train"), []).append(pair)
    return splits


def load_splits(path, holdout="leave-one-out"):
    samples, pairs, version, source = read_samples(path)
    splits = split(samples, pairs, holdout)
    splits.semantic_id_version, splits.source = version, source
    return splits


@dataclass
class CatalogueObjects:
    """The objects file of SampleCommand --objects-out: object -> codes and bid eCPM (None when unknown)."""

    codes: dict
    ecpm: dict
    version: str


def read_objects(path):
    codes, ecpm, version = {}, {}, ""
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.rstrip("\n")
            if line.startswith("# semantic-id-version="):
                version = line.split("=", 1)[1]
            if not line or line.startswith("#"):
                continue
            object_id, rendered, bid = (line.split("\t") + [""])[:3]
            codes[object_id] = semantic_ids.parse_one(rendered)
            ecpm[object_id] = float(bid) if bid else None
    return CatalogueObjects(codes, ecpm, version)


def dictionary_texts(folder=DICTIONARIES):
    """The text column of every dictionary line: words a serving prompt can hold even if training never saw them."""
    texts = []
    for path in sorted(glob.glob(os.path.join(folder, "*.tsv"))):
        with open(path, encoding="utf-8") as file:
            for line in file:
                if line.strip() and not line.startswith("#"):
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) == 3:
                        texts.append(parts[2])
    return texts


def build_tokenizer(samples, min_count=1, levels=4, codes=256, collision_codes=256):
    return WordTokenizer.build((s.prompt for s in samples), dictionary_texts(), min_count, levels, codes,
                               collision_codes)
