"""The recall LLM: Llama semantics, the KV cache, the HF checkpoint written by the project, the cached beam scorer."""

import json
import math
import os
import struct
import tempfile
import unittest

import torch

import _paths  # noqa: F401
from fixtures import random_ids
from nearline_recall import checkpoint
from nearline_recall.llama_recall import LlamaConfig, LlamaForCausalLM
from nearline_recall.llm_scorer import LlmPromptScorer
from nearline_recall.trie_beam_search import SemanticIdTrie, brute_force, is_close, search
from nearline_recall.word_tokenizer import WordTokenizer

PROMPTS = ["Task: predict the next ad. User: aged 25-34, female\nRecent ads: <a_1><b_2><c_3><d_0> (converted) "
           "<a_3><b_1><c_0><d_2> x3", "Recent ads: <a_0><b_0><c_1><d_1>"]


def tiny(tied=True, seed=3, levels=4, codes=4, collision=2):
    tokenizer = WordTokenizer.build(PROMPTS, levels=levels, codes=codes, collision_codes=collision)
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=tied,
                         initializer_range=0.2, nearline_recall={"codebook_version": "ids-v1", "model_version": "t"})
    return LlamaForCausalLM(config).eval(), tokenizer


def reference_forward(model, ids):
    """An independent Llama forward: rotation of pairs (i, i + d/2) written out, heads looped, explicit GQA map."""
    config = model.config
    state = {name: tensor for name, tensor in model.state_dict().items()}
    d = config.head_dim
    x = state["model.embed_tokens.weight"][ids]
    time = len(ids)

    def norm(v, w):
        return w * v / torch.sqrt((v * v).mean(-1, keepdim=True) + config.rms_norm_eps)

    def rotate(v, position):
        out = v.clone()
        for i in range(d // 2):
            angle = position / config.rope_theta ** (2 * i / d)
            c, s = math.cos(angle), math.sin(angle)
            out[i] = v[i] * c - v[i + d // 2] * s
            out[i + d // 2] = v[i + d // 2] * c + v[i] * s
        return out

    for layer in range(config.num_hidden_layers):
        p = "model.layers.%d." % layer
        h = norm(x, state[p + "input_layernorm.weight"])
        q = h @ state[p + "self_attn.q_proj.weight"].T
        k = h @ state[p + "self_attn.k_proj.weight"].T
        v = h @ state[p + "self_attn.v_proj.weight"].T
        heads = []
        for head in range(config.num_attention_heads):
            kv = head // (config.num_attention_heads // config.num_key_value_heads)
            qh = torch.stack([rotate(q[t, head * d:(head + 1) * d], t) for t in range(time)])
            kh = torch.stack([rotate(k[t, kv * d:(kv + 1) * d], t) for t in range(time)])
            vh = v[:, kv * d:(kv + 1) * d]
            scores = qh @ kh.T / math.sqrt(d)
            scores = scores.masked_fill(torch.ones(time, time).triu(1).bool(), float("-inf"))
            heads.append(torch.softmax(scores, -1) @ vh)
        x = x + torch.cat(heads, -1) @ state[p + "self_attn.o_proj.weight"].T
        h = norm(x, state[p + "post_attention_layernorm.weight"])
        gate = h @ state[p + "mlp.gate_proj.weight"].T
        up = h @ state[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ state[p + "mlp.down_proj.weight"].T
    x = norm(x, state["model.norm.weight"])
    head = state["model.embed_tokens.weight"] if config.tie_word_embeddings else state["lm_head.weight"]
    return x @ head.T


class LlamaRecallTest(unittest.TestCase):

    def setUp(self):
        self.model, self.tokenizer = tiny()
        self.ids = self.tokenizer.prompt_ids(PROMPTS[0])

    def logits(self, model, ids):
        with torch.no_grad():
            return model(torch.tensor([ids]))[0][0]

    def test_forward_equals_an_independent_llama_computation(self):
        for tied in (True, False):
            model, _ = tiny(tied=tied)
            with torch.no_grad():
                expected = reference_forward(model, torch.tensor(self.ids))
            self.assertTrue(torch.allclose(expected, self.logits(model, self.ids), atol=1e-5))

    def test_prefill_of_a_prefix_then_the_rest_equals_one_full_forward(self):
        full = self.logits(self.model, self.ids)
        for cut in (1, 7, len(self.ids) - 1):
            with torch.no_grad():
                first, cache = self.model(torch.tensor([self.ids[:cut]]))
                rest, _ = self.model(torch.tensor([self.ids[cut:]]), cache)
            self.assertTrue(torch.allclose(full, torch.cat([first[0], rest[0]]), atol=1e-5), cut)

    def test_token_by_token_decoding_with_the_cache_equals_the_full_forward(self):
        full = self.logits(self.model, self.ids)
        cache, rows = None, []
        with torch.no_grad():
            for token in self.ids:
                out, cache = self.model(torch.tensor([[token]]), cache)
                rows.append(out[0, 0])
        self.assertTrue(torch.allclose(full, torch.stack(rows), atol=1e-5))

    def test_left_padded_batch_with_mask_and_positions_equals_single_rows(self):
        short = self.tokenizer.prompt_ids(PROMPTS[1])
        pad = len(self.ids) - len(short)
        batch = torch.tensor([self.ids, [0] * pad + short])
        mask = torch.tensor([[1] * len(self.ids), [0] * pad + [1] * len(short)])
        positions = (mask.cumsum(1) - 1).clamp(min=0)
        with torch.no_grad():
            out, _ = self.model(batch, attention_mask=mask, position_ids=positions)
        self.assertTrue(torch.allclose(out[0], self.logits(self.model, self.ids), atol=1e-5))
        self.assertTrue(torch.allclose(out[1, pad:], self.logits(self.model, short), atol=1e-5))

    def test_bad_head_counts_are_refused(self):
        with self.assertRaisesRegex(ValueError, "num_key_value_heads"):
            LlamaConfig(vocab_size=10, hidden_size=32, num_attention_heads=4, num_key_value_heads=3)

    def test_cached_beam_scorer_ranks_as_brute_force_with_full_forwards(self):
        ids = random_ids(40, 4, 4, seed=5) + [(1, 2, 3, 0, 1)]  # one collision-extended ID
        trie = SemanticIdTrie(ids)

        def uncached(prefixes):
            rows = []
            for codes in prefixes:
                tokens = self.ids + [self.tokenizer.code_id(level, c) for level, c in enumerate(codes)]
                last = self.logits(self.model, tokens)[-1]
                level = len(codes)
                columns = (self.tokenizer.level_ids(level) if level < 5 else []) + [3]
                rows.append(last[columns])
            return torch.stack(rows)

        expected = brute_force(trie, uncached)
        found = search(trie, LlmPromptScorer(self.model, self.tokenizer, PROMPTS[0]), 64, 64, 5)
        self.assertEqual([beam.codes for beam in expected], [beam.codes for beam in found])
        for want, got in zip(expected, found):
            self.assertTrue(is_close(want.score, got.score, 1e-4), (want, got))


class CheckpointTest(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.path = self.folder.name

    def tearDown(self):
        self.folder.cleanup()

    def test_save_then_load_gives_identical_logits_for_tied_and_untied_heads(self):
        for tied in (True, False):
            model, tokenizer = tiny(tied=tied)
            checkpoint.save(self.path, model, tokenizer)
            loaded = checkpoint.load(self.path)
            ids = torch.tensor([tokenizer.prompt_ids(PROMPTS[0])])
            with torch.no_grad():
                self.assertTrue(torch.equal(model(ids)[0], loaded.model(ids)[0]))
            self.assertEqual("ids-v1", loaded.codebook_version)
            self.assertEqual(tokenizer.vocab, loaded.tokenizer.vocab)

    def test_the_files_follow_the_hugging_face_layout(self):
        model, tokenizer = tiny(tied=True)
        checkpoint.save(self.path, model, tokenizer)
        for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                     "special_tokens_map.json", "generation_config.json"):
            self.assertTrue(os.path.isfile(os.path.join(self.path, name)), name)
        with open(os.path.join(self.path, "config.json")) as file:
            config = json.load(file)
        self.assertEqual(["LlamaForCausalLM"], config["architectures"])
        self.assertEqual(("llama", "float32", 2, 3, 0), (config["model_type"], config["torch_dtype"],
                                                         config["bos_token_id"], config["eos_token_id"],
                                                         config["pad_token_id"]))
        with open(os.path.join(self.path, "model.safetensors"), "rb") as file:
            raw = file.read()
        (length,) = struct.unpack("<Q", raw[:8])
        header = json.loads(raw[8:8 + length])
        self.assertEqual({"format": "pt"}, header.pop("__metadata__"))
        self.assertNotIn("lm_head.weight", header)
        self.assertIn("model.layers.1.self_attn.k_proj.weight", header)
        entry = header["model.layers.1.self_attn.k_proj.weight"]
        self.assertEqual(("F32", [16, 32]), (entry["dtype"], entry["shape"]))  # 2 kv heads x head_dim 8
        begin, end = entry["data_offsets"]
        values = struct.unpack("<%df" % (16 * 32), raw[8 + length + begin:8 + length + end])
        expected = model.state_dict()["model.layers.1.self_attn.k_proj.weight"].reshape(-1).tolist()
        self.assertEqual(expected, list(values))
        self.assertEqual(len(raw), 8 + length + max(e["data_offsets"][1] for e in header.values()))

    def test_a_missing_or_misshapen_tensor_is_refused_by_name(self):
        model, tokenizer = tiny(tied=True)
        checkpoint.save(self.path, model, tokenizer)
        weights = os.path.join(self.path, "model.safetensors")
        tensors, _ = checkpoint.load_safetensors(weights)
        del tensors["model.layers.0.mlp.up_proj.weight"]
        checkpoint.save_safetensors(tensors, weights)
        with self.assertRaisesRegex(checkpoint.CheckpointError, "missing .*model.layers.0.mlp.up_proj.weight"):
            checkpoint.load(self.path)
        tensors["model.layers.0.mlp.up_proj.weight"] = torch.zeros(48, 31)
        checkpoint.save_safetensors(tensors, weights)
        with self.assertRaisesRegex(checkpoint.CheckpointError, r"up_proj.weight has shape \[48, 31\].*\[48, 32\]"):
            checkpoint.load(self.path)
        with open(weights, "r+b") as file:
            file.truncate(100)
        with self.assertRaisesRegex(checkpoint.CheckpointError, "header of .* runs past|offsets"):
            checkpoint.load(self.path)

    def test_a_tokenizer_of_another_size_is_refused(self):
        model, tokenizer = tiny()
        checkpoint.save(self.path, model, tokenizer)
        WordTokenizer.build(PROMPTS + ["more words here"], levels=4, codes=4, collision_codes=2).save(self.path)
        with self.assertRaisesRegex(checkpoint.CheckpointError, "vocab_size"):
            checkpoint.load(self.path)


if __name__ == "__main__":
    unittest.main()
