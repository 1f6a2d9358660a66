"""Offline evaluation of the recall LLM: constrained beam search over the catalogue trie, HR@K and NDCG@K.

Leave-one-out: each evaluated sample is one user's held-out response; the model's ranked semantic IDs (the beams,
best first, all in the catalogue) are scored against it. No already-seen items are removed (LETTER's TIGER protocol;
ICLRec removes them). Popularity ranks every catalogue object by its count among the training responses.
"""

import math
import time

import torch

from nearline_recall.llm_scorer import LlmPromptScorer
from nearline_recall.trie_beam_search import SemanticIdTrie, search


def catalogue_trie(objects):
    return SemanticIdTrie(sorted(set(objects.codes.values())))


def metrics_of(ranks, cutoffs, count):
    """HR@K and NDCG@K from 0-based ranks (None = not recalled) over `count` cases."""
    out = {}
    for k in cutoffs:
        hits = [r for r in ranks if r is not None and r < k]
        out["HR@%d" % k] = len(hits) / count if count else 0.0
        out["NDCG@%d" % k] = sum(1.0 / math.log2(r + 2) for r in hits) / count if count else 0.0
    return out


def recall_lists(model, tokenizer, samples, trie, beam_width, max_prompt_tokens=0, progress=None):
    """The ranked codes the model recalls for each sample's prompt (beam search, KV-cached)."""
    model.eval()
    lists = []
    started = time.time()
    with torch.no_grad():
        for index, sample in enumerate(samples):
            scorer = LlmPromptScorer(model, tokenizer, sample.prompt, max_prompt_tokens=max_prompt_tokens)
            beams = search(trie, scorer, beam_width, beam_width, tokenizer.max_id_length)
            lists.append([beam.codes for beam in beams])
            if progress and (index + 1) % progress == 0:
                print("  evaluated %d/%d prompts, %.1f ms each" % (index + 1, len(samples),
                      1000 * (time.time() - started) / (index + 1)), flush=True)
    return lists


def evaluate_lists(lists, samples, cutoffs):
    ranks = []
    for ranked, sample in zip(lists, samples):
        ranks.append(ranked.index(sample.response) if sample.response in ranked else None)
    return metrics_of(ranks, cutoffs, len(samples))


def popularity(train_samples, objects, samples, cutoffs):
    """Most frequent training responses first, then the rest of the catalogue in ID order: an exact ranking."""
    counts = {}
    for sample in train_samples:
        counts[sample.response] = counts.get(sample.response, 0) + 1
    ranking = sorted(set(objects.codes.values()), key=lambda codes: (-counts.get(codes, 0), codes))
    position = {codes: rank for rank, codes in enumerate(ranking)}
    return metrics_of([position.get(s.response) for s in samples], cutoffs, len(samples))


def high_ecpm_share(lists, objects, k, quantile=0.5):
    """Share of the recalled top-k whose object's bid eCPM is above the catalogue's `quantile` (None: no eCPMs)."""
    by_codes = {}
    for object_id, codes in objects.codes.items():
        if objects.ecpm.get(object_id) is not None:
            by_codes[codes] = objects.ecpm[object_id]
    if not by_codes:
        return None, None
    values = sorted(by_codes.values())
    threshold = values[min(len(values) - 1, int(quantile * len(values)))]
    recalled = [codes for ranked in lists for codes in ranked[:k] if codes in by_codes]
    if not recalled:
        return 0.0, threshold
    return sum(by_codes[c] > threshold for c in recalled) / len(recalled), threshold
