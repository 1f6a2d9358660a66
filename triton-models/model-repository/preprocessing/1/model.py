"""Triton Python-backend model: the prompt text to token ids of the fine-tuned tokenizer (semantic-ID tokens included).

The engine build extends the tokenizer with one token per semantic-ID code (<a_0>.. <e_255>), so an item in the prompt
is a handful of tokens instead of a long title; this model only tokenizes and supplies end/pad ids when the request
sends none.
"""

import json

import numpy as np

try:
    import triton_python_backend_utils as pb_utils
except ImportError:  # imported outside Triton only to check it loads
    pb_utils = None


class TritonPythonModel:
    """Tokenizes each prompt of a batch; prompts longer than max_input_tokens are refused, never cut."""

    def initialize(self, args):
        from transformers import AutoTokenizer

        config = json.loads(args["model_config"])
        parameters = {key: value["string_value"] for key, value in config["parameters"].items()}
        self.tokenizer = AutoTokenizer.from_pretrained(parameters["tokenizer_dir"])
        self.max_input_tokens = int(parameters.get("max_input_tokens", "2048"))
        self.end_id = self.tokenizer.eos_token_id
        self.pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.end_id

    def execute(self, requests):
        return [self._answer(request) for request in requests]

    def _answer(self, request):
        queries = pb_utils.get_input_tensor_by_name(request, "QUERY").as_numpy().reshape(-1)
        output_lengths = pb_utils.get_input_tensor_by_name(request, "REQUEST_OUTPUT_LEN").as_numpy().reshape(-1, 1)
        encoded = [self.tokenizer.encode(query.decode("utf-8"), add_special_tokens=False) for query in queries]
        too_long = [len(ids) for ids in encoded if len(ids) > self.max_input_tokens]
        if too_long:
            return pb_utils.InferenceResponse(error=pb_utils.TritonError(
                "prompt of %d tokens exceeds max_input_tokens %d" % (too_long[0], self.max_input_tokens)))
        longest = max(len(ids) for ids in encoded)
        input_ids = np.full((len(encoded), longest), self.pad_id, dtype=np.int32)
        for row, ids in enumerate(encoded):
            input_ids[row, :len(ids)] = ids
        lengths = np.array([[len(ids)] for ids in encoded], dtype=np.int32)
        return pb_utils.InferenceResponse(output_tensors=[
            pb_utils.Tensor("INPUT_ID", input_ids),
            pb_utils.Tensor("REQUEST_INPUT_LEN", lengths),
            pb_utils.Tensor("REQUEST_OUTPUT_LEN", output_lengths.astype(np.int32)),
            pb_utils.Tensor("OUT_END_ID", self._id(request, "END_ID", self.end_id, len(encoded))),
            pb_utils.Tensor("OUT_PAD_ID", self._id(request, "PAD_ID", self.pad_id, len(encoded)))])

    @staticmethod
    def _id(request, name, default, rows):
        given = pb_utils.get_input_tensor_by_name(request, name)
        if given is not None:
            return given.as_numpy().reshape(-1, 1).astype(np.int32)
        return np.full((rows, 1), default, dtype=np.int32)
