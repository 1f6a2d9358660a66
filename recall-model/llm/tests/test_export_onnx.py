"""The ONNX export of a tiny random checkpoint: the file is written with the past-key-value inputs and outputs, and the
traced computation (prefill with an empty past, then decode steps over a batch of beams) equals the model's own
forward over the whole sequence. ONNX Runtime's answers are checked in triton-models (OnnxParityTest)."""

import hashlib
import json
import os
import sys
import tempfile
import unittest

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

try:
    import torch
except ImportError:  # the Maven runner skips without torch; direct runs say why
    torch = None

if torch is not None:
    import export_onnx  # noqa: E402
    from nearline_recall import checkpoint  # noqa: E402
    from nearline_recall.llama_recall import LlamaConfig, LlamaForCausalLM  # noqa: E402
    from nearline_recall.word_tokenizer import WordTokenizer  # noqa: E402


@unittest.skipIf(torch is None, "needs python3-torch (Debian: apt-get install python3-torch)")
class ExportOnnxTest(unittest.TestCase):

    def tiny_checkpoint(self, folder):
        torch.manual_seed(3)
        tokenizer = WordTokenizer(["Task", ":", "predict", "Recent", "ads"], levels=2, codes=4, collision_codes=2)
        config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=16, intermediate_size=24, num_hidden_layers=2,
                             num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                             nearline_recall={"model_version": "t1", "codebook_version": "1",
                                              "semantic_id_levels": 2})
        checkpoint.save(folder, LlamaForCausalLM(config), tokenizer)
        return checkpoint.load(folder).model

    def test_export_writes_the_graph_with_past_key_values(self):
        with tempfile.TemporaryDirectory() as folder:
            self.tiny_checkpoint(folder)
            self.assertEqual(0, export_onnx.main(["--checkpoint", folder]))
            with open(os.path.join(folder, "model.onnx"), "rb") as file:
                graph = file.read()
            for name in export_onnx.input_names(2) + export_onnx.output_names(2):
                self.assertIn(name.encode(), graph, name)

    def test_the_record_beside_the_graph_names_the_model_version_and_the_weights(self):
        with tempfile.TemporaryDirectory() as folder:
            self.tiny_checkpoint(folder)
            self.assertEqual(0, export_onnx.main(["--checkpoint", folder]))
            with open(os.path.join(folder, "model.onnx.json")) as file:
                record = json.load(file)
            with open(os.path.join(folder, "model.safetensors"), "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()
            self.assertEqual({"model_version": "t1", "weights_sha256": digest}, {
                key: record[key] for key in ("model_version", "weights_sha256")})

    def test_a_bad_checkpoint_is_one_line_and_exit_2(self):
        with tempfile.TemporaryDirectory() as folder:
            self.assertEqual(2, export_onnx.main(["--checkpoint", folder]))
            self.assertFalse(os.path.exists(os.path.join(folder, "model.onnx")))

    def test_prefill_then_beam_decode_equals_the_whole_sequence(self):
        with tempfile.TemporaryDirectory() as folder:
            model = self.tiny_checkpoint(folder)
        wrapper = export_onnx.DecoderWithPast(model).eval()
        layers, config = model.config.num_hidden_layers, model.config
        prompt = torch.tensor([[2, 14, 15, 16, 17, 18, 5]])  # <bos>, the five words, a code
        empty = torch.zeros(1, config.num_key_value_heads, 0, config.head_dim)
        beams = torch.tensor([[4, 6], [7, 9], [5, 6]])  # three beams, two code tokens each
        with torch.no_grad():
            out = wrapper(prompt, *([empty] * (2 * layers)))
            past = [tensor.expand(len(beams), -1, -1, -1) for tensor in out[1:]]
            for step in range(beams.shape[1]):
                out = wrapper(beams[:, step:step + 1], *past)
                past = out[1:]
                whole, _ = model(torch.cat((prompt.expand(len(beams), -1), beams[:, :step + 1]), dim=1))
                self.assertTrue(torch.allclose(whole[:, -1], out[0], atol=1e-5), "step %d" % step)
            self.assertEqual((3, config.num_key_value_heads, 9, config.head_dim), tuple(past[0].shape))


if __name__ == "__main__":
    unittest.main()
