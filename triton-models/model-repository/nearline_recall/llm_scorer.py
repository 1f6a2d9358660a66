"""The recall LLM as a scorer of trie_beam_search.search: one prompt prefill, then one cached step per level.

The prompt ([<bos>] + encode(prompt)) is run once and its KV cache kept. Each search step gives the beams of one
level; every beam's parent was a beam of the previous step, so its cache row is gathered from that step's cache and
one token (the beam's last code) is run for all beams as a batch: the prompt is never recomputed, as with the
TensorRT-LLM engine's KV cache under beam search. The logits are those of the level's code tokens, then <eos> (the
search's END column: ending a collision-free ID before its extra level).
"""

import torch

from .word_tokenizer import EOS_ID


class LlmPromptScorer:

    def __init__(self, model, tokenizer, prompt, device=None, max_prompt_tokens=0):
        self.model, self.tokenizer = model, tokenizer
        self.device = device or next(model.parameters()).device
        ids = tokenizer.prompt_ids(prompt)
        if max_prompt_tokens and len(ids) > max_prompt_tokens:
            ids = [ids[0]] + ids[len(ids) - max_prompt_tokens + 1:]  # keep <bos> and the newest tokens
        self.prompt_tokens = len(ids)
        with torch.no_grad():
            logits, cache = model(torch.tensor([ids], dtype=torch.long, device=self.device))
        self._logits = logits[:, -1]
        self._cache = cache
        self._rows = {(): 0}
        self._columns = {}

    def columns(self, level):
        if level not in self._columns:
            codes = self.tokenizer.level_ids(level) if level < self.tokenizer.max_id_length else []
            self._columns[level] = torch.tensor(codes + [EOS_ID], dtype=torch.long, device=self.device)
        return self._columns[level]

    def __call__(self, prefixes):
        level = len(prefixes[0])
        if any(len(prefix) != level for prefix in prefixes):
            raise ValueError("a search step must give prefixes of one length")
        with torch.no_grad():
            if level == 0:
                logits = self._logits.expand(len(prefixes), -1)
            else:
                try:
                    parents = [self._rows[prefix[:-1]] for prefix in prefixes]
                except KeyError as missing:
                    raise ValueError("prefix %s does not extend a beam of the previous step" % (missing,)) from None
                rows = torch.tensor(parents, dtype=torch.long, device=self.device)
                past = [(k.index_select(0, rows), v.index_select(0, rows)) for k, v in self._cache]
                step = torch.tensor([[self.tokenizer.code_id(level - 1, prefix[-1])] for prefix in prefixes],
                                    dtype=torch.long, device=self.device)
                out, self._cache = self.model(step, past)
                logits = out[:, -1]
                self._rows = {prefix: row for row, prefix in enumerate(prefixes)}
            return logits.index_select(1, self.columns(level)).float().cpu()
