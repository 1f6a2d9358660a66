"""Triton Python-backend model: constrained beam search of the recall LLM over the in-delivery catalogue.

The LLM comes from its Hugging Face checkpoint folder (`checkpoint_dir`: config.json, model.safetensors, tokenizer.json;
written by recall-model/llm/train.py); the model refuses to load when the catalogue's codebook version is not the one
the checkpoint was trained on, and names both. With `checkpoint_dir` empty it falls back to the small GRU decoder
(`weights_path`, else a random initialisation the log calls NOT a trained model).

The same request as the TensorRT-LLM ensemble (text_input, max_tokens, beam_width, num_return_sequences, ...), for GPUs
(or CPUs) without a built engine. The search itself lives in nearline_recall (importable without Triton, unit-tested by
../../tests); this file only reads tensors and parameters and writes responses.
"""

import json
import os
import sys

import numpy as np

try:
    import triton_python_backend_utils as pb_utils
except ImportError:  # outside Triton (unit tests import this file to check it loads); execute() is never called there
    pb_utils = None

REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPOSITORY_ROOT not in sys.path:
    sys.path.insert(0, REPOSITORY_ROOT)

import torch  # noqa: E402

from nearline_recall.catalogue import CatalogueWatcher  # noqa: E402
from nearline_recall.pytorch_recall import PytorchRecall, RecallLimits, check_fits, load_llm_recall  # noqa: E402
from nearline_recall.recall_decoder import DecoderShape, RecallDecoder  # noqa: E402

DEFAULTS = {
    "checkpoint_dir": "",
    "weights_path": "",
    "catalogue_path": "/catalogue/in-delivery.txt",
    "catalogue_poll_seconds": "10",
    "seed": "42",
    "levels": "5",
    "codes_per_level": "256",
    "text_buckets": "1024",
    "max_beam_width": "1024",
    "max_tokens": "8",
    "default_beam_width": "100",
}


def parameters(model_config):
    """The model's string parameters over DEFAULTS; an unknown key is an error (a typo would keep a default)."""
    given = {key: value["string_value"] for key, value in model_config.get("parameters", {}).items()}
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ValueError("unknown parameters %s; known: %s" % (unknown, sorted(DEFAULTS)))
    return {**DEFAULTS, **given}


def scalar(request, name, default):
    tensor = pb_utils.get_input_tensor_by_name(request, name)
    return default if tensor is None else tensor.as_numpy().reshape(-1)


class TritonPythonModel:
    """Loads the decoder and the catalogue once; answers each request with its beams, best first."""

    def initialize(self, args):
        config = parameters(json.loads(args["model_config"]))
        on_gpu = args.get("model_instance_kind") == "GPU" and torch.cuda.is_available()
        device = torch.device("cuda:%s" % args.get("model_instance_device_id", "0") if on_gpu else "cpu")
        limits = RecallLimits(int(config["max_beam_width"]), int(config["max_tokens"]))
        self.recall = build_recall(config, limits, device)
        self.catalogue = self.recall.catalogue.start()
        self.default_beam_width = int(config["default_beam_width"])
        decoder = self.recall.decoder
        origin = decoder.loaded_from or "random initialisation, seed %s (NOT a trained model)" % config["seed"]
        pb_utils.Logger.log_info("generative_recall_pytorch on %s, weights: %s, %d IDs in delivery"
                                 % (device, origin, len(self.catalogue.current().trie)))

    def execute(self, requests):
        return [self._answer(request) for request in requests]

    def _answer(self, request):
        try:
            prompts = pb_utils.get_input_tensor_by_name(request, "text_input").as_numpy().reshape(-1)
            rows = len(prompts)
            max_tokens = np.broadcast_to(scalar(request, "max_tokens", [0]), rows)
            widths = np.broadcast_to(scalar(request, "beam_width", [self.default_beam_width]), rows)
            returned = np.broadcast_to(scalar(request, "num_return_sequences", widths), rows)
            results = [self.recall.recall(prompt.decode("utf-8") if isinstance(prompt, bytes) else str(prompt),
                                          int(widths[i]), int(returned[i]), int(max_tokens[i]))
                       for i, prompt in enumerate(prompts)]
        except (ValueError, UnicodeDecodeError) as error:
            return pb_utils.InferenceResponse(output_tensors=[], error=pb_utils.TritonError(str(error)))
        return pb_utils.InferenceResponse(output_tensors=outputs(results))

    def finalize(self):
        self.catalogue.stop()


def build_recall(config, limits, device):
    """The LLM from checkpoint_dir (refused on a codebook mismatch, with the reason), else the GRU decoder."""
    if config["checkpoint_dir"]:
        return load_llm_recall(config["checkpoint_dir"], config["catalogue_path"],
                               float(config["catalogue_poll_seconds"]), limits, device)
    shape = DecoderShape(levels=int(config["levels"]), codes=int(config["codes_per_level"]),
                         text_buckets=int(config["text_buckets"]))
    decoder = RecallDecoder.load_or_seed(config["weights_path"], int(config["seed"]), shape).to(device)
    catalogue = CatalogueWatcher(config["catalogue_path"], float(config["catalogue_poll_seconds"]),
                                 validate=lambda trie: check_fits(decoder.shape, trie))
    return PytorchRecall(decoder, catalogue, limits)


def outputs(results):
    """[batch, n] tensors; rows with fewer beams than the widest are padded with empty text and -inf."""
    width = max(1, max(len(beams) for beams in results))
    texts = np.full((len(results), width), b"", dtype=object)
    scores = np.full((len(results), width), -np.inf, dtype=np.float32)
    lengths = np.zeros((len(results), width), dtype=np.int32)
    for row, beams in enumerate(results):
        for column, (text, score) in enumerate(beams):
            texts[row, column] = text.encode("utf-8")
            scores[row, column] = score
            lengths[row, column] = text.count("<")
    return [pb_utils.Tensor("text_output", texts), pb_utils.Tensor("cum_log_probs", scores),
            pb_utils.Tensor("sequence_length", lengths)]
