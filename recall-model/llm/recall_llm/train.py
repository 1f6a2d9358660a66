"""Trains the recall LLM from SampleCommand's JSONL and writes its Hugging Face checkpoint (a command, not a test).

python3 recall-model/llm/train.py --samples S.jsonl --objects O.tsv --out DIR [options]; --help lists them.
Stages: SFT on the training split, then DPO on the training split's chosen/rejected pairs (when there are any and
--dpo-epochs > 0) against a frozen copy of the SFT model. Each stage saves DIR/training-state.pt as it goes;
--resume continues from it. Validation figures are printed after SFT (choose options on them), test figures at the
end, and everything measured goes to DIR/results.json.
"""

import argparse
import copy
import json
import os
import random
import time

import torch

import export_onnx  # recall-model/llm, on sys.path through train.py
from . import data, evaluate, training
from nearline_recall import checkpoint
from nearline_recall.llama_recall import LlamaConfig, LlamaForCausalLM
from nearline_recall.word_tokenizer import WordTokenizer


def arguments(argv=None):
    # Defaults: the configuration measured on Beauty in ../README.md (0.56M parameters, five epochs and the trie loss
    # chosen on validation); hidden 256 x 4 layers (3.3M) costs about 6x per step, too slow for the 2-core machine's budget.
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--samples", required=True, help="SFT/DPO JSONL of SampleCommand")
    p.add_argument("--objects", required=True, help="catalogue TSV of SampleCommand --objects-out (the trie)")
    p.add_argument("--out", required=True, help="checkpoint folder (also holds the training state)")
    p.add_argument("--model-version", default="1")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1, help="torch threads (1: see train.py)")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--kv-heads", type=int, default=2)
    p.add_argument("--intermediate", type=int, default=344)
    p.add_argument("--untied", action="store_true", help="separate lm_head (default: tied to the embedding)")
    p.add_argument("--levels", type=int, default=4)
    p.add_argument("--codes", type=int, default=256)
    p.add_argument("--collision-codes", type=int, default=256)
    p.add_argument("--min-count", type=int, default=2, help="prompt words seen fewer times become <unk>")
    p.add_argument("--max-prompt-tokens", type=int, default=192, help="keep <bos> and the newest tokens")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--loss", choices=("trie", "full"), default="trie",
                   help="trie: SFT softmax over the codes the catalogue trie allows at each step (as serving"
                        " normalises); full: over the whole vocabulary")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--dpo-epochs", type=int, default=1)
    p.add_argument("--dpo-beta", type=float, default=0.1)
    p.add_argument("--dpo-lr", type=float, default=2e-4)
    p.add_argument("--dpo-sft-weight", type=float, default=0.5, help="weight of the chosen's NLL beside DPO")
    p.add_argument("--beam-width", type=int, default=50)
    p.add_argument("--cutoffs", default="5,10,50")
    p.add_argument("--eval-users", type=int, default=0, help="evaluate a seeded sample of this many users (0: all)")
    p.add_argument("--hr300-users", type=int, default=0, help="also HR@300 at beam 300 on this many test users")
    p.add_argument("--high-ecpm-quantile", type=float, default=0.5)
    p.add_argument("--holdout", choices=("leave-one-out", "serve"), default="leave-one-out",
                   help="leave-one-out: per user last sample test, one before validation; serve: no test split "
                        "(a live replay judges the model), the last of two or more validation, the rest training")
    p.add_argument("--skip-test", action="store_true", help="validation only (while choosing options)")
    p.add_argument("--no-onnx", action="store_true",
                   help="do not write the ONNX export (model.onnx, what the Java server runs under ONNX Runtime)"
                        " beside the checkpoint; an earlier export in --out is removed either way")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--stop-after-steps", type=int, default=0, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def subsample(samples, count, seed):
    if not count or count >= len(samples):
        return samples
    return sorted(random.Random(seed).sample(samples, count), key=lambda s: s.user)


def main(argv=None):
    args = arguments(argv)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    state_path = os.path.join(args.out, "training-state.pt")
    cutoffs = [int(k) for k in args.cutoffs.split(",")]
    splits = data.load_splits(args.samples, args.holdout)
    objects = data.read_objects(args.objects)
    if objects.version and objects.version != splits.semantic_id_version:
        raise SystemExit("samples use semantic IDs %s but the objects file is %s"
                         % (splits.semantic_id_version, objects.version))
    trie = evaluate.catalogue_trie(objects)
    print("data %s: train %d, validation %d, test %d samples, DPO pairs %s, catalogue %d IDs, semantic IDs %s"
          % (splits.source, len(splits.train), len(splits.validation), len(splits.test),
             {k: len(v) for k, v in splits.pairs.items()}, len(trie), splits.semantic_id_version), flush=True)

    saved = torch.load(state_path) if args.resume and os.path.exists(state_path) else None
    if saved is not None:
        tokenizer = WordTokenizer.load(os.path.join(args.out, "tokenizer.json"))
    else:
        tokenizer = data.build_tokenizer(splits.train, args.min_count, args.levels, args.codes,
                                         args.collision_codes)
        tokenizer.save(args.out)
    torch.manual_seed(args.seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=args.hidden, intermediate_size=args.intermediate,
                         num_hidden_layers=args.layers, num_attention_heads=args.heads,
                         num_key_value_heads=args.kv_heads, max_position_embeddings=max(1024, args.max_prompt_tokens
                                                                                        + 8),
                         tie_word_embeddings=not args.untied)
    model = LlamaForCausalLM(config)
    print("model: %d parameters (%d layers, hidden %d, %d heads / %d kv heads, vocabulary %d)" % (
        model.parameter_count(), args.layers, args.hidden, args.heads, args.kv_heads, len(tokenizer)), flush=True)
    results = {"parameters": model.parameter_count(), "vocabulary": len(tokenizer), "options": vars(args)}

    train = training.encode_sft(tokenizer, splits.train, args.max_prompt_tokens)
    sft = training.Loop("sft", model, args, state_path)
    sft_model_path = os.path.join(args.out, "sft-model.pt")
    started = time.time()
    if saved is None or saved["stage"] == "sft":
        if saved is not None:
            sft.restore(saved)
            print("resumed sft at epoch %d batch %d (step %d)" % (sft.epoch + 1, sft.batch, sft.step), flush=True)
        mask = training.TrieMask(trie, tokenizer) if args.loss == "trie" else None
        if not sft.run(train, args.epochs, training.sft_loss(model, mask), args.batch_size, args.seed,
                       stop_after_steps=args.stop_after_steps):
            return None
        torch.save(model.state_dict(), sft_model_path)
    else:
        model.load_state_dict(torch.load(sft_model_path))
    results["sft_seconds"] = time.time() - started
    results["sft_losses"] = sft.losses

    validation = subsample(splits.validation, args.eval_users, args.seed)
    results["validation"] = measure(model, tokenizer, validation, splits, objects, trie, args, cutoffs, "validation")

    pairs = splits.pairs.get("train", [])
    if pairs and args.dpo_epochs > 0:
        results["dpo"] = run_dpo(model, tokenizer, pairs, splits, objects, trie, args, cutoffs, state_path, saved,
                                 results["validation"])
        if results["dpo"] is None:
            return None
    if not args.skip_test:
        test = subsample(splits.test, args.eval_users, args.seed)
        results["test"] = measure(model, tokenizer, test, splits, objects, trie, args, cutoffs, "test")
        if args.hr300_users:
            few = subsample(splits.test, args.hr300_users, args.seed + 1)
            lists = evaluate.recall_lists(model, tokenizer, few, trie, 300, args.max_prompt_tokens)
            results["test_hr300"] = dict(evaluate.evaluate_lists(lists, few, [300]), users=len(few))
            print("test HR@300 (beam 300, %d users): %.4f" % (len(few), results["test_hr300"]["HR@300"]))
    model.config.nearline_recall = {
        "model_version": args.model_version, "codebook_version": splits.semantic_id_version,
        "semantic_id_levels": tokenizer.levels, "semantic_id_codes": tokenizer.codes,
        "collision_codes": tokenizer.collision_codes, "seed": args.seed, "max_prompt_tokens": args.max_prompt_tokens,
        "default_beam_width": args.beam_width,
        "training_data": {"source": splits.source, "samples": os.path.basename(args.samples),
                          "train": len(splits.train), "validation": len(splits.validation),
                          "test": len(splits.test), "dpo_pairs": len(pairs)},
        "stages": ["sft"] + (["dpo"] if pairs and args.dpo_epochs > 0 else []),
    }
    for stale in (export_onnx.ONNX_FILE, export_onnx.sidecar_path(export_onnx.ONNX_FILE)):
        # an export of the weights about to be replaced must not outlive them
        if os.path.exists(os.path.join(args.out, stale)):
            os.remove(os.path.join(args.out, stale))
    checkpoint.save(args.out, model, tokenizer)
    if not args.no_onnx:
        exported = time.time()
        export_onnx.export(args.out, os.path.join(args.out, export_onnx.ONNX_FILE))
        results["onnx_export_seconds"] = time.time() - exported
        print("ONNX export written to %s (%.0f s)" % (os.path.join(args.out, export_onnx.ONNX_FILE),
                                                      results["onnx_export_seconds"]), flush=True)
    results["train_seconds"] = time.time() - started
    with open(os.path.join(args.out, "results.json"), "w") as file:
        json.dump(results, file, indent=1)
    print("checkpoint written to %s (%.0f s)" % (args.out, results["train_seconds"]), flush=True)
    return results


def measure(model, tokenizer, samples, splits, objects, trie, args, cutoffs, name):
    started = time.time()
    lists = evaluate.recall_lists(model, tokenizer, samples, trie, args.beam_width, args.max_prompt_tokens,
                                  progress=max(1, len(samples) // 4))
    figures = evaluate.evaluate_lists(lists, samples, cutoffs)
    figures["popularity"] = evaluate.popularity(splits.train, objects, samples, cutoffs)
    share, threshold = evaluate.high_ecpm_share(lists, objects, 10, args.high_ecpm_quantile)
    if share is not None:
        figures["high_ecpm_share@10"] = share
        figures["high_ecpm_threshold"] = threshold
    figures["users"] = len(samples)
    figures["ms_per_prompt"] = 1000 * (time.time() - started) / max(1, len(samples))
    print("%s (%d users, beam %d): %s | popularity %s%s" % (
        name, len(samples), args.beam_width, format_figures(figures), format_figures(figures["popularity"]),
        "" if share is None else " | high-eCPM share of top 10 %.3f" % share), flush=True)
    return figures


def format_figures(figures):
    return " ".join("%s %.4f" % (k, v) for k, v in figures.items() if k.startswith(("HR@", "NDCG@")))


def run_dpo(model, tokenizer, pairs, splits, objects, trie, args, cutoffs, state_path, saved, before):
    """DPO against the frozen SFT model; the effect is measured on the validation split before (the SFT model's
    validation figures) and after."""
    reference = copy.deepcopy(model).eval()
    for parameter in reference.parameters():
        parameter.requires_grad_(False)
    validation = subsample(splits.validation, args.eval_users, args.seed)
    encoded = [(training.truncate(tokenizer.prompt_ids(p.prompt), args.max_prompt_tokens),
                training.response_ids(tokenizer, p.chosen), training.response_ids(tokenizer, p.rejected))
               for p in pairs]
    options = copy.copy(args)
    options.lr = args.dpo_lr
    loop = training.Loop("dpo", model, options, state_path)
    if saved is not None and saved["stage"] == "dpo":
        loop.restore(saved)
    started = time.time()
    done = loop.run(encoded, args.dpo_epochs, training.dpo_loss(model, reference, args.dpo_beta, args.dpo_sft_weight),
                    max(1, args.batch_size // 2), args.seed, stop_after_steps=args.stop_after_steps)
    if not done:
        return None
    after = measure(model, tokenizer, validation, splits, objects, trie, args, cutoffs, "validation after DPO")
    return {"pairs": len(pairs), "seconds": time.time() - started, "losses": loop.losses, "before": before,
            "after": after}


if __name__ == "__main__":
    main()
