"""Adds the semantic-ID tokens to a Hugging Face model's vocabulary, and checks a tokenizer has them.

  add    base checkpoint -> extended checkpoint: tokens <a_0>..<e_255> added as ordinary (not special) tokens, so
         decoding keeps them; embeddings (and an untied output head) resized; new rows start at the mean of the
         existing rows so the first fine-tuning steps are not dominated by random vectors.
  check  every token exists and encodes to exactly one id (what the trie logits post-processor relies on);
         --save-tokenizer writes the checked tokenizer where the Triton models load it.

Two-stage fine-tuning (Tencent's recipe): stage 1 trains only the new rows (freeze the transformer and the old
vocabulary, e.g. by zeroing gradients of rows < old_vocab_size), stage 2 unfreezes everything. Training is not this
script's job; `add` prints old_vocab_size for it.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model-repository"))

from nearline_recall import semantic_ids  # noqa: E402


def add(model_dir, out_dir, levels, codes):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, torch_dtype="auto")
    old_size = model.get_input_embeddings().weight.shape[0]
    added = tokenizer.add_tokens(semantic_ids.vocabulary(levels, codes), special_tokens=False)
    model.resize_token_embeddings(len(tokenizer))
    with torch.no_grad():
        for matrix in {id(m): m for m in (model.get_input_embeddings(), model.get_output_embeddings()) if m}.values():
            matrix.weight[old_size:] = matrix.weight[:old_size].mean(dim=0, keepdim=True)
    tokenizer.save_pretrained(out_dir)
    model.save_pretrained(out_dir)
    print("added %d tokens; old_vocab_size=%d new_vocab_size=%d -> %s" % (added, old_size, len(tokenizer), out_dir))


def check(model_dir, levels, codes, save_to=None):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    problems = []
    for text in semantic_ids.vocabulary(levels, codes):
        ids = tokenizer.encode(text, add_special_tokens=False)
        if len(ids) != 1 or ids[0] == tokenizer.unk_token_id:
            problems.append("%s encodes to %s" % (text, ids))
        elif text in tokenizer.all_special_tokens:
            problems.append("%s is a special token: decoding with skip_special_tokens would drop it" % text)
    if problems:
        print("%s: %d problem(s), first: %s" % (model_dir, len(problems), problems[:5]), file=sys.stderr)
        return 1
    print("%s: all %d semantic-ID tokens are single ordinary tokens" % (model_dir, levels * codes))
    if save_to:
        tokenizer.save_pretrained(save_to)
        print("tokenizer saved to %s" % save_to)
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["add", "check"])
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--out-dir", help="add: where the extended checkpoint goes")
    parser.add_argument("--levels", type=int, default=5)
    parser.add_argument("--codes", type=int, default=256)
    parser.add_argument("--save-tokenizer", help="check: also save the checked tokenizer here")
    args = parser.parse_args(argv)
    if args.command == "add":
        if not args.out_dir:
            parser.error("add needs --out-dir")
        add(args.model_dir, args.out_dir, args.levels, args.codes)
        return 0
    return check(args.model_dir, args.levels, args.codes, args.save_tokenizer)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
