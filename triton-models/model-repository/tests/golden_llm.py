"""A tiny seeded recall-LLM checkpoint with golden outputs, for other implementations of the same model to match.

python3 tests/golden_llm.py [FOLDER] writes (default tests/recall-llm-tiny/): the HF checkpoint folder (config.json,
model.safetensors, tokenizer files), catalogue.txt (with its codebook header) and golden.json: for each prompt its
token ids ([<bos>] + encode), the logits of the last position (every vocabulary entry, 6 decimals), the logits after
a prefill of the first half then the rest (must equal), and the constrained beam search's results at widths 1, 5, 20
(rendered IDs and scores). A Java forward pass, ONNX export or tokenizer port reads the same files and must reproduce
these numbers; test_golden_llm.py checks the committed files still match this code.
"""

import json
import os
import sys

import torch

import _paths  # noqa: F401
from fixtures import random_ids
from nearline_recall import checkpoint, semantic_ids
from nearline_recall.llama_recall import LlamaConfig, LlamaForCausalLM
from nearline_recall.llm_scorer import LlmPromptScorer
from nearline_recall.trie_beam_search import SemanticIdTrie, search
from nearline_recall.word_tokenizer import WordTokenizer

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recall-llm-tiny")
PROMPTS = [
    "Task: predict the next ad this user will click or convert on. Answer with its semantic ID.\n"
    "User: aged 25-34, female, writer, US Pacific coast\n"
    "Earlier ads: <a_12><b_201><c_7><d_3> <a_12><b_9><c_1><d_0> x3\n"
    "Interests: comedy films, drama films; <a_12><b_201>, <a_40><b_2>\n"
    "Recent ads: <a_12><b_201><c_9><d_1><e_1> (converted) <a_7><b_3><c_3><d_0>",
    "Task: predict the next ad this user will click or convert on. Answer with its semantic ID.\n"
    "Recent ads: <a_255><b_0><c_128><d_64> [obj:17] unknownword",
]


def build():
    tokenizer = WordTokenizer.build(PROMPTS[:1], ["aged 18-24", "action films"])
    torch.manual_seed(20261202)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                         rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False, initializer_range=0.5,
                         nearline_recall={"model_version": "golden-1", "codebook_version": "ids-v1",
                                          "semantic_id_levels": 4, "semantic_id_codes": 256, "collision_codes": 256,
                                          "seed": 20261202, "max_prompt_tokens": 0, "default_beam_width": 5})
    model = LlamaForCausalLM(config).eval()
    with torch.no_grad():  # norms away from one, so a port that ignores their weights fails
        for name, parameter in model.named_parameters():
            if name.endswith("layernorm.weight") or name == "model.norm.weight":
                parameter.uniform_(0.5, 1.5)
    ids = random_ids(300, 4, 256, seed=11) + [(12, 201, 9, 1), (12, 201, 9, 1, 1), (7, 3, 3, 0)]
    return model, tokenizer, sorted(set(ids))


def golden(model, tokenizer, ids):
    trie = SemanticIdTrie(ids)
    cases = []
    for prompt in PROMPTS:
        tokens = tokenizer.prompt_ids(prompt)
        with torch.no_grad():
            full, _ = model(torch.tensor([tokens]))
            half = len(tokens) // 2
            _, cache = model(torch.tensor([tokens[:half]]))
            rest, _ = model(torch.tensor([tokens[half:]]), cache)
        beams = {}
        for width in (1, 5, 20):
            found = search(trie, LlmPromptScorer(model, tokenizer, prompt), width, width, tokenizer.max_id_length)
            beams[str(width)] = [[semantic_ids.render(b.codes), round(b.score, 5)] for b in found]
        cases.append({"prompt": prompt, "pieces": tokenizer.pieces(prompt), "input_ids": tokens,
                      "last_logits": [round(v, 6) for v in full[0, -1].tolist()],
                      "last_logits_after_prefix_cache": [round(v, 6) for v in rest[0, -1].tolist()],
                      "beams": beams})
    return {"note": "logits of the last prompt position over the whole vocabulary; beams: trie-constrained search"
                    " normalised over allowed codes (and <eos> where an ID may end), as nearline_recall does",
            "cases": cases}


def write(folder=FOLDER):
    model, tokenizer, ids = build()
    checkpoint.save(folder, model, tokenizer)
    with open(os.path.join(folder, "catalogue.txt"), "w", encoding="utf-8") as file:
        file.write("# semantic-ids version=1 levels=4 codes=256 collision-codes=256 always-suffix=false\n")
        file.writelines(semantic_ids.render(codes) + "\n" for codes in ids)
    with open(os.path.join(folder, "golden.json"), "w", encoding="utf-8") as file:
        json.dump(golden(model, tokenizer, ids), file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else FOLDER)
