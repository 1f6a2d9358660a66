"""Triton Python-backend model running the fine-tuned LLM's TensorRT-LLM engine with the trie logits post-processor.

Why Python and not the C++ `tensorrtllm` backend: the trie constraint must see every beam's tokens, which only a
logits post-processor does (guided decoding follows beam 0), and a post-processor is a Python callable handed to the
executor. Written against the executor Python bindings (tensorrt_llm.bindings.executor) of TensorRT-LLM at commit
2a9abd9536aa62ad3e4b9314be9286b1b1be523b (NVIDIA/TensorRT-LLM, triton_backend/ and cpp/); see ../../README.md.

In-flight batching: execute() only enqueues, so requests of other execute() calls join the running batch; a
background thread hands each finished result to its request's response sender (one response, non-decoupled).
"""

import json
import os
import sys
import threading
from datetime import timedelta
from pathlib import Path

import numpy as np

try:
    import triton_python_backend_utils as pb_utils
except ImportError:  # imported outside Triton only to check it loads
    pb_utils = None

REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPOSITORY_ROOT not in sys.path:
    sys.path.insert(0, REPOSITORY_ROOT)

from nearline_recall.catalogue import CatalogueWatcher  # noqa: E402
from nearline_recall.trie_logits import (  # noqa: E402
    RequestRegistry, SemanticIdVocabulary, TrieLogitsProcessor, keep_in_trie)


def parameter(config, key, default=None):
    value = config.get("parameters", {}).get(key, {}).get("string_value", "")
    if value.startswith("${"):
        raise ValueError("parameter %s still holds the template %s: fill it in (see engine/README.md)" % (key, value))
    return value if value != "" else default


def scalar(request, name, default=None):
    tensor = pb_utils.get_input_tensor_by_name(request, name)
    return default if tensor is None else tensor.as_numpy().reshape(-1)[0].item()


class TritonPythonModel:
    """One executor per model instance; the catalogue and the request registry are shared with the processor."""

    def initialize(self, args):
        import tensorrt_llm.bindings.executor as trtllm
        from transformers import AutoTokenizer

        self.trtllm = trtllm
        config = json.loads(args["model_config"])
        tokenizer = AutoTokenizer.from_pretrained(parameter(config, "tokenizer_dir"))
        vocabulary = SemanticIdVocabulary.from_tokenizer(
            tokenizer.convert_tokens_to_ids, int(parameter(config, "semantic_id_levels", "5")),
            int(parameter(config, "semantic_id_codes", "256")), tokenizer.unk_token_id)
        self.end_id = tokenizer.eos_token_id
        self.catalogue = CatalogueWatcher(parameter(config, "catalogue_path"),
                                          float(parameter(config, "catalogue_poll_seconds", "10"))).start()
        self.registry = RequestRegistry()
        processor = TrieLogitsProcessor(vocabulary, self.end_id, self.registry)
        self.vocabulary = vocabulary
        self.max_beam_width = int(parameter(config, "max_beam_width"))

        executor_config = trtllm.ExecutorConfig(
            max_beam_width=self.max_beam_width,
            batching_type=trtllm.BatchingType.INFLIGHT,
            scheduler_config=trtllm.SchedulerConfig(
                trtllm.CapacitySchedulerPolicy.GUARANTEED_NO_EVICT
                if parameter(config, "batch_scheduler_policy") == "guaranteed_no_evict"
                else trtllm.CapacitySchedulerPolicy.MAX_UTILIZATION),
            kv_cache_config=trtllm.KvCacheConfig(
                enable_block_reuse=parameter(config, "enable_kv_cache_reuse", "true") == "true",
                free_gpu_memory_fraction=float(parameter(config, "kv_cache_free_gpu_mem_fraction", "0.85"))),
            normalize_log_probs=False)
        # replicate=False: with tensor parallelism only rank 0 runs the Python callback.
        executor_config.logits_post_processor_config = trtllm.LogitsPostProcessorConfig(
            processor_map={TrieLogitsProcessor.NAME: processor}, replicate=False)
        if parameter(config, "gpt_model_type") != "inflight_fused_batching":
            raise ValueError("gpt_model_type must be inflight_fused_batching (logits post-processors need it)")
        self.executor = trtllm.Executor(Path(parameter(config, "gpt_model_path")),
                                        trtllm.ModelType.DECODER_ONLY, executor_config)
        self.senders = {}
        self.stopping = threading.Event()
        self.waiter = threading.Thread(target=self._send_results, name="trtllm-results", daemon=True)
        self.waiter.start()

    def execute(self, requests):
        for request in requests:
            sender = request.get_response_sender()
            try:
                prompt = pb_utils.get_input_tensor_by_name(request, "input_ids").as_numpy()
                if prompt.shape[0] != 1:
                    raise ValueError("one prompt per request (batch of one), got %d" % prompt.shape[0])
                prompt = prompt.reshape(-1)
                length = int(scalar(request, "input_lengths", len(prompt)))
                beams = int(scalar(request, "beam_width", 1))
                if not 1 <= beams <= self.max_beam_width:
                    raise ValueError("beam_width %d outside 1..%d (the engine's max_beam_width)"
                                     % (beams, self.max_beam_width))
                # The executor runs one beam width at a time (it changes width only with nothing in flight, and
                # the PyTorch backend requires beam width == max_beam_width: TensorRT-LLM issues 7368, 1282), so
                # every request searches at the engine's width and returns the number of IDs it asked for.
                returned = min(beams, int(scalar(request, "num_return_sequences", beams)))
                executor_request = self.trtllm.Request(
                    input_token_ids=prompt[:length].tolist(),
                    max_tokens=int(scalar(request, "request_output_len")),
                    end_id=int(scalar(request, "end_id", self.end_id)),
                    pad_id=int(scalar(request, "pad_id", self.end_id)),
                    sampling_config=self.trtllm.SamplingConfig(
                        beam_width=self.max_beam_width, num_return_sequences=returned),
                    output_config=self.trtllm.OutputConfig(
                        return_log_probs=bool(scalar(request, "return_log_probs", True)),
                        exclude_input_from_output=True),
                    logits_post_processor_name=TrieLogitsProcessor.NAME)
            except (ValueError, TypeError) as error:
                sender.send(pb_utils.InferenceResponse(error=pb_utils.TritonError(str(error))),
                            flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
                continue
            # The trie is captured once: a catalogue reload cannot change the rules in the middle of a search.
            with self.registry.lock:
                request_id = self.executor.enqueue_request(executor_request)
                self.registry.put(request_id, length, self.catalogue.current().trie)
                self.senders[request_id] = sender
        return None

    def _send_results(self):
        while not self.stopping.is_set():
            for response in self.executor.await_responses(timeout=timedelta(milliseconds=50)):
                request_id = response.request_id
                if not response.has_error() and not response.result.is_final:
                    continue
                with self.registry.lock:
                    sender = self.senders.pop(request_id, None)
                registered = self.registry.get(request_id)
                self.registry.release(request_id)
                if sender is None:
                    continue
                if response.has_error():
                    reply = pb_utils.InferenceResponse(error=pb_utils.TritonError(response.error_msg))
                else:
                    trie = registered[1] if registered else self.catalogue.current().trie
                    beams, scores, dropped = keep_in_trie(response.result.output_token_ids,
                                                          response.result.cum_log_probs or [],
                                                          self.vocabulary, trie, self.end_id)
                    if dropped:
                        pb_utils.Logger.log_warn("request %s: %d beams left the trie under beam reassignment, dropped"
                                                 % (request_id, dropped))
                    reply = pb_utils.InferenceResponse(output_tensors=tensors(beams, scores))
                sender.send(reply, flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)

    def finalize(self):
        self.stopping.set()
        self.waiter.join(timeout=5)
        self.executor.shutdown()
        self.catalogue.stop()


def tensors(beams, cum_log_probs):
    """output_ids [1, beams, longest] (-1 padded), sequence_length [1, beams], cum_log_probs [1, beams]."""
    longest = max(1, max(len(beam) for beam in beams))
    ids = np.full((1, len(beams), longest), -1, dtype=np.int32)
    for index, beam in enumerate(beams):
        ids[0, index, :len(beam)] = beam
    lengths = np.array([[len(beam) for beam in beams]], dtype=np.int32)
    scores = np.array([list(cum_log_probs) if len(cum_log_probs) == len(beams) else [0.0] * len(beams)],
                      dtype=np.float32)
    return [pb_utils.Tensor("output_ids", ids), pb_utils.Tensor("sequence_length", lengths),
            pb_utils.Tensor("cum_log_probs", scores)]
