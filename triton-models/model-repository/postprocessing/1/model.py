"""Triton Python-backend model: each generated beam's token ids to its rendered semantic ID, <a_12><b_201><c_7><d_3>.

Rendered from the semantic-ID vocabulary itself rather than with tokenizer.decode, so the text is exactly the
canonical form the job's resolver parses (decode may add spaces between added tokens).
"""

import json
import os
import sys

import numpy as np

try:
    import triton_python_backend_utils as pb_utils
except ImportError:  # imported outside Triton only to check it loads
    pb_utils = None

REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPOSITORY_ROOT not in sys.path:
    sys.path.insert(0, REPOSITORY_ROOT)

from nearline_recall.trie_logits import SemanticIdVocabulary  # noqa: E402


class TritonPythonModel:
    """Renders TOKENS_BATCH [batch, beams, tokens] (with SEQUENCE_LENGTH [batch, beams]) as OUTPUT [batch, beams]."""

    def initialize(self, args):
        from transformers import AutoTokenizer

        config = json.loads(args["model_config"])
        parameters = {key: value["string_value"] for key, value in config["parameters"].items()}
        tokenizer = AutoTokenizer.from_pretrained(parameters["tokenizer_dir"])
        self.vocabulary = SemanticIdVocabulary.from_tokenizer(
            tokenizer.convert_tokens_to_ids, int(parameters.get("semantic_id_levels", "5")),
            int(parameters.get("semantic_id_codes", "256")), tokenizer.unk_token_id)
        self.end_id = tokenizer.eos_token_id

    def execute(self, requests):
        responses = []
        for request in requests:
            tokens = pb_utils.get_input_tensor_by_name(request, "TOKENS_BATCH").as_numpy()
            lengths = pb_utils.get_input_tensor_by_name(request, "SEQUENCE_LENGTH").as_numpy()
            texts = np.empty(lengths.shape, dtype=object)
            for batch in range(tokens.shape[0]):
                for beam in range(tokens.shape[1]):
                    generated = tokens[batch, beam, :lengths[batch, beam]].tolist()
                    texts[batch, beam] = self.vocabulary.render(generated, self.end_id).encode("utf-8")
            responses.append(pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUTPUT", texts)]))
        return responses
