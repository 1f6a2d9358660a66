"""Exports a recall LLM checkpoint (train.py's HF folder) to ONNX with past-key-value inputs and outputs.

python3 recall-model/llm/export_onnx.py --checkpoint DIR [--out DIR/model.onnx]

One graph serves both phases, as Hugging Face's "decoder with past" exports do: the prefill feeds the prompt with an
empty past (time 0), each decode step feeds one code token per beam with the beams' past. Positions are past + 0..time
and the mask is causal over past + time, both computed in the graph from the past's length, so a caller passes only
tokens and KV. Names: input_ids [batch, time] int64, past_key.L / past_value.L [batch, kv_heads, past, head_dim] in,
logits [batch, vocab] of each row's last token (the only one a search reads: the head is not run over the prompt's
other tokens) and present_key.L / present_value.L [batch, kv_heads, past + time, head_dim] out (keys
already rotated, as in llama_recall.py). TorchScript exporter of Debian's python3-torch; the `onnx` package is not
needed. triton-models' OnnxRecallModel runs it under ONNX Runtime for Java, checked against the plain-Java forward pass.

Beside the graph, OUT.json records what it was exported from: config.json's model version and the SHA-256 of
model.safetensors. The server refuses an export whose record does not match its checkpoint, so weights retrained into
the same folder (same --model-version) are never served through an older graph. train.py runs this after saving.
"""

import argparse
import hashlib
import json
import os
import sys

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from torch import nn  # noqa: E402

from recall_llm import data  # noqa: E402,F401  (puts the model repository on sys.path)
from nearline_recall import checkpoint  # noqa: E402

# Trilu (the causal mask) needs 14; 17 is the newest this torch writes and ONNX Runtime 1.20 reads it.
OPSET = 17
# the name the server looks for in a checkpoint folder (triton-models OnnxExport)
ONNX_FILE = "model.onnx"


def input_names(layers):
    return ["input_ids"] + [name for i in range(layers) for name in ("past_key.%d" % i, "past_value.%d" % i)]


def output_names(layers):
    return ["logits"] + [name for i in range(layers) for name in ("present_key.%d" % i, "present_value.%d" % i)]


class DecoderWithPast(nn.Module):
    """The model's forward with the cache flattened into positional tensors, which is what the exporter traces, and
    the head run on each row's last token only."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, *past):
        cache = [(past[2 * i], past[2 * i + 1]) for i in range(len(past) // 2)]
        states, presents = self.model(input_ids, past_key_values=cache, return_hidden=True)
        return (self.model.lm_head(states[:, -1]),) + tuple(tensor for pair in presents for tensor in pair)


def example_inputs(config, batch=2, past=3, time=2):
    """A traced example whose every dynamic axis has a distinct size, so none is frozen by coincidence."""
    shape = (batch, config.num_key_value_heads, past, config.head_dim)
    ids = torch.randint(4, config.vocab_size, (batch, time), generator=torch.Generator().manual_seed(1))
    return (ids,) + tuple(torch.zeros(shape) for _ in range(2 * config.num_hidden_layers))


def sidecar_path(out):
    return out + ".json"


def weights_sha256(folder):
    digest = hashlib.sha256()
    with open(os.path.join(folder, "model.safetensors"), "rb") as file:
        for chunk in iter(lambda: file.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export(folder, out):
    loaded = checkpoint.load(folder)
    # the old record goes first: a graph written without its record is refused, never taken for the old one's
    if os.path.exists(sidecar_path(out)):
        os.remove(sidecar_path(out))
    config = loaded.model.config
    layers = config.num_hidden_layers
    axes = {"input_ids": {0: "batch", 1: "time"}, "logits": {0: "batch"}}
    for name in input_names(layers)[1:]:
        axes[name] = {0: "batch", 2: "past"}
    for name in output_names(layers)[1:]:
        axes[name] = {0: "batch", 2: "total"}
    wrapper = DecoderWithPast(loaded.model).eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, example_inputs(config), out, input_names=input_names(layers),
                          output_names=output_names(layers), dynamic_axes=axes, opset_version=OPSET,
                          do_constant_folding=True)
    record = {"model_version": str((getattr(config, "nearline_recall", None) or {}).get("model_version", "")),
              "weights_sha256": weights_sha256(folder), "weights": "model.safetensors", "opset": OPSET}
    with open(sidecar_path(out), "w") as file:
        json.dump(record, file, indent=1)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoint", required=True, help="checkpoint folder (config.json, model.safetensors, ...)")
    parser.add_argument("--out", help="ONNX file to write (default: CHECKPOINT/model.onnx)")
    args = parser.parse_args(argv)
    out = args.out or os.path.join(args.checkpoint, ONNX_FILE)
    try:
        export(args.checkpoint, out)
    except checkpoint.CheckpointError as error:
        print("export_onnx: %s" % error, file=sys.stderr)
        return 2
    print("wrote %s (%d bytes)" % (out, os.path.getsize(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
