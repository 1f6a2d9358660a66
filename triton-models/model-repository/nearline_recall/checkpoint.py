"""The recall LLM's checkpoint in the Hugging Face layout, written and read by the project (no transformers/safetensors).

A folder with config.json (Llama field names plus a `nearline_recall` block: model version, the semantic-ID codebook
version it was trained on, levels, seed, data summary), model.safetensors (F32, HF tensor names), generation_config.json
and the tokenizer files (TOKENIZER.md). The safetensors format: 8-byte little-endian header length N, N bytes of JSON
{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the raw little-endian tensor bytes,
offsets relative to the end of the header.
"""

import json
import os
import struct
import sys

import torch

from .llama_recall import LlamaConfig, LlamaForCausalLM
from .word_tokenizer import BOS_ID, EOS_ID, PAD_ID, WordTokenizer

WEIGHTS = "model.safetensors"
CONFIG = "config.json"
GENERATION_CONFIG = "generation_config.json"
DTYPES = {"F32": torch.float32}
ALIGN = 8


class CheckpointError(ValueError):
    """A checkpoint that cannot be loaded; the message names the file and what is wrong."""


def save_safetensors(tensors, path, metadata=None):
    """Writes {name: tensor} as F32 safetensors, sorted by name (as the reference writer does), atomically."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().to("cpu", torch.float32).contiguous()
        data = tensor.numpy().astype("<f4", copy=False).tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % ALIGN)  # padding with spaces keeps the data 8-byte aligned, as allowed
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)))
        file.write(encoded)
        for blob in blobs:
            file.write(blob)
    os.replace(temporary, path)


def load_safetensors(path):
    """({name: tensor}, metadata); CheckpointError naming the file for a malformed header or truncated data."""
    with open(path, "rb") as file:
        raw = file.read()
    if len(raw) < 8:
        raise CheckpointError("%s: shorter than the 8-byte header length" % path)
    (length,) = struct.unpack("<Q", raw[:8])
    if 8 + length > len(raw):
        raise CheckpointError("%s: header of %d bytes runs past the end of the file" % (path, length))
    try:
        header = json.loads(raw[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError("%s: header is not JSON: %s" % (path, error)) from None
    metadata = header.pop("__metadata__", {}) or {}
    data = memoryview(raw)[8 + length:]
    tensors = {}
    for name, entry in header.items():
        dtype = DTYPES.get(entry.get("dtype"))
        if dtype is None:
            raise CheckpointError("%s: tensor %s has dtype %r, only F32 is read" % (path, name, entry.get("dtype")))
        begin, end = entry["data_offsets"]
        shape = entry["shape"]
        count = 1
        for size in shape:
            count *= size
        if end - begin != 4 * count or end > len(data) or begin < 0:
            raise CheckpointError("%s: tensor %s offsets %s do not fit shape %s in %d data bytes"
                                  % (path, name, entry["data_offsets"], shape, len(data)))
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        if sys.byteorder != "little":
            values = values.byteswap()
        tensors[name] = values.reshape(shape)
    return tensors, metadata


def hf_state_dict(model):
    """HF tensor names; the tied lm_head is left out as transformers does (tie_word_embeddings says so)."""
    state = {name: tensor for name, tensor in model.state_dict().items()}
    if model.config.tie_word_embeddings:
        state.pop("lm_head.weight", None)
    return state


def save(folder, model, tokenizer):
    """Writes the whole checkpoint folder; config.json's nearline_recall block comes from model.config."""
    os.makedirs(folder, exist_ok=True)
    config = model.config
    if config.vocab_size != len(tokenizer):
        raise CheckpointError("model vocabulary %d != tokenizer's %d" % (config.vocab_size, len(tokenizer)))
    save_safetensors(hf_state_dict(model), os.path.join(folder, WEIGHTS), {"format": "pt"})
    write_json(os.path.join(folder, CONFIG), config.to_hf_dict())
    write_json(os.path.join(folder, GENERATION_CONFIG),
               {"bos_token_id": BOS_ID, "eos_token_id": EOS_ID, "pad_token_id": PAD_ID,
                "max_new_tokens": tokenizer.max_id_length + 1, "do_sample": False,
                "num_beams": int(config.nearline_recall.get("default_beam_width", 50))})
    tokenizer.save(folder, config.max_position_embeddings)


def write_json(path, content):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(content, file, indent=2, sort_keys=False)
        file.write("\n")
    os.replace(temporary, path)


def expected_shapes(config):
    hidden, kv = config.hidden_size, config.num_key_value_heads * config.head_dim
    shapes = {"model.embed_tokens.weight": [config.vocab_size, hidden], "model.norm.weight": [hidden]}
    for i in range(config.num_hidden_layers):
        prefix = "model.layers.%d." % i
        shapes.update({
            prefix + "self_attn.q_proj.weight": [config.num_attention_heads * config.head_dim, hidden],
            prefix + "self_attn.k_proj.weight": [kv, hidden],
            prefix + "self_attn.v_proj.weight": [kv, hidden],
            prefix + "self_attn.o_proj.weight": [hidden, config.num_attention_heads * config.head_dim],
            prefix + "mlp.gate_proj.weight": [config.intermediate_size, hidden],
            prefix + "mlp.up_proj.weight": [config.intermediate_size, hidden],
            prefix + "mlp.down_proj.weight": [hidden, config.intermediate_size],
            prefix + "input_layernorm.weight": [hidden],
            prefix + "post_attention_layernorm.weight": [hidden],
        })
    if not config.tie_word_embeddings:
        shapes["lm_head.weight"] = [config.vocab_size, hidden]
    return shapes


class Checkpoint:
    """A loaded checkpoint: the model (eval mode), its tokenizer, and the folder it came from."""

    def __init__(self, model, tokenizer, folder):
        self.model, self.tokenizer, self.folder = model, tokenizer, folder

    @property
    def info(self):
        return self.model.config.nearline_recall

    @property
    def codebook_version(self):
        return self.info.get("codebook_version")


def load(folder, device="cpu"):
    """Reads and checks a checkpoint folder: every tensor named and shaped as the config says, nothing extra."""
    for name in (CONFIG, WEIGHTS, "tokenizer.json"):
        if not os.path.isfile(os.path.join(folder, name)):
            raise CheckpointError("%s: no %s (a checkpoint folder needs %s, %s and tokenizer.json)"
                                  % (folder, name, CONFIG, WEIGHTS))
    config_path = os.path.join(folder, CONFIG)
    with open(config_path, encoding="utf-8") as file:
        try:
            config = LlamaConfig.from_hf_dict(json.load(file), config_path)
        except (KeyError, TypeError) as error:
            raise CheckpointError("%s: missing or bad field %s" % (config_path, error)) from None
    tokenizer = WordTokenizer.load(folder)
    if len(tokenizer) != config.vocab_size:
        raise CheckpointError("%s: vocab_size %d but tokenizer.json has %d tokens"
                              % (config_path, config.vocab_size, len(tokenizer)))
    levels = config.nearline_recall.get("semantic_id_levels")
    if levels is not None and levels != tokenizer.levels:
        raise CheckpointError("%s: semantic_id_levels %d but the tokenizer has %d code levels"
                              % (config_path, levels, tokenizer.levels))
    weights_path = os.path.join(folder, WEIGHTS)
    tensors, _ = load_safetensors(weights_path)
    expected = expected_shapes(config)
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        raise CheckpointError("%s: tensors missing %s, unexpected %s" % (weights_path, missing[:5], unexpected[:5]))
    for name, shape in expected.items():
        if list(tensors[name].shape) != shape:
            raise CheckpointError("%s: %s has shape %s, config.json implies %s"
                                  % (weights_path, name, list(tensors[name].shape), shape))
    model = LlamaForCausalLM(config)
    model.load_state_dict(tensors, strict=False)  # strictness checked above; a tied head has no tensor of its own
    return Checkpoint(model.to(device).eval(), tokenizer, folder)
