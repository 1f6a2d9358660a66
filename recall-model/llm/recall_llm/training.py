"""SFT and DPO loops of the recall LLM: loss on the response's code tokens only, seeded, resumable, with progress.

Sequences are [<bos>] + prompt + response codes + [<eos>]; the loss is the cross-entropy of the response tokens (codes
and <eos>) given everything before them, so the prompt is read, never predicted. Batches group samples of similar
length (less padding on two cores) and their order is drawn from (seed, epoch): a run resumed from its training
state draws the same batches and continues at the batch after the last one saved.
"""

import os
import random
import time

import torch
from torch.nn import functional

from nearline_recall.word_tokenizer import PAD_ID


def encode_sft(tokenizer, samples, max_prompt_tokens):
    encoded = []
    for sample in samples:
        prompt = truncate(tokenizer.prompt_ids(sample.prompt), max_prompt_tokens)
        encoded.append((prompt, response_ids(tokenizer, sample.response)))
    return encoded


def response_ids(tokenizer, codes):
    return [tokenizer.code_id(level, code) for level, code in enumerate(codes)] + [3]


def truncate(ids, limit):
    """Keep <bos> and the newest `limit - 1` tokens: the prompt's recent behaviour matters most."""
    return ids if not limit or len(ids) <= limit else [ids[0]] + ids[len(ids) - limit + 1:]


def batches(encoded, batch_size, seed, epoch):
    """Index batches of similar total length, in an order drawn from (seed, epoch)."""
    generator = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(encoded)))
    generator.shuffle(order)
    # sort within windows of 50 batches by length: little padding, still a random mix across windows
    window = batch_size * 50
    grouped = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: len(encoded[i][0]) + len(encoded[i][1]))
        grouped.extend(chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size))
    generator.shuffle(grouped)
    return grouped


def collate(rows):
    """Right-padded token ids, and for each response token its (row, position predicting it, target)."""
    length = max(len(p) + len(r) for p, r in rows)
    ids = torch.full((len(rows), length), PAD_ID, dtype=torch.long)
    rows_index, positions, targets, owner = [], [], [], []
    for row, (prompt, response) in enumerate(rows):
        sequence = prompt + response
        ids[row, :len(sequence)] = torch.tensor(sequence)
        for offset, token in enumerate(response):
            rows_index.append(row)
            positions.append(len(prompt) - 1 + offset)
            targets.append(token)
            owner.append(row)
    return ids, torch.tensor(rows_index), torch.tensor(positions), torch.tensor(targets), torch.tensor(owner)


def shared_prefix(rows):
    """Tokens every prompt of the batch starts with (the instruction at least), leaving each prompt one token."""
    first = rows[0][0]
    length = min(len(prompt) for prompt, *_ in rows) - 1
    for prompt, *_ in rows[1:]:
        length = next((i for i in range(length) if prompt[i] != first[i]), length)
    return length


def response_logits(model, ids, rows, positions, prefix=0):
    """Logits at the response positions only: the vocabulary head runs on a few tokens per sample, not all.

    The batch's shared prompt prefix runs once and its KV cache is broadcast to every row (its gradient sums over
    the rows): the same computation, without repeating the instruction for each sample.
    """
    cache = None
    if prefix > 0:
        _, cache = model(ids[:1, :prefix], return_hidden=True)
        cache = [(k.expand(ids.shape[0], -1, -1, -1), v.expand(ids.shape[0], -1, -1, -1)) for k, v in cache]
    states, _ = model(ids[:, prefix:], past_key_values=cache, return_hidden=True)
    return model.lm_head(states[rows, positions - prefix])


def sequence_log_probs(model, rows_data):
    """Sum of log-probabilities of each row's response tokens (the DPO policy / reference term)."""
    ids, rows, positions, targets, owner = collate(rows_data)
    logits = response_logits(model, ids, rows, positions, shared_prefix(rows_data))
    log_probs = torch.log_softmax(logits.float(), dim=-1)
    picked = log_probs.gather(1, targets[:, None])[:, 0]
    return torch.zeros(len(rows_data)).index_add(0, owner, picked)


def schedule(step, total, warmup, base):
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return base * (0.1 + 0.9 * 0.5 * (1 + torch.cos(torch.tensor(progress * 3.141592653589793)).item()))


class Loop:
    """One stage (sft or dpo): epochs of batches, AdamW, warmup + cosine, gradient clipping, saved state."""

    def __init__(self, stage, model, options, state_path):
        self.stage, self.model, self.options, self.state_path = stage, model, options, state_path
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=options.lr, weight_decay=options.weight_decay,
                                           betas=(0.9, 0.98))
        self.epoch, self.batch, self.step = 0, 0, 0
        self.losses = []

    def save_state(self):
        temporary = self.state_path + ".tmp"
        torch.save({"stage": self.stage, "model": self.model.state_dict(), "optimizer": self.optimizer.state_dict(),
                    "epoch": self.epoch, "batch": self.batch, "step": self.step, "losses": self.losses,
                    "torch_rng": torch.get_rng_state()}, temporary)
        os.replace(temporary, self.state_path)

    def restore(self, saved):
        self.model.load_state_dict(saved["model"])
        self.optimizer.load_state_dict(saved["optimizer"])
        self.epoch, self.batch, self.step = saved["epoch"], saved["batch"], saved["step"]
        self.losses = saved["losses"]
        torch.set_rng_state(saved["torch_rng"])

    def run(self, items, epochs, loss_of, batch_size, seed, save_every=200, stop_after_steps=0):
        """Trains to the end of `epochs`; `stop_after_steps` (tests of resuming) stops early with the state saved."""
        per_epoch = len(batches(items, batch_size, seed, 0))
        total = per_epoch * epochs
        warmup = max(1, int(0.05 * total))
        started, seen, running = time.time(), 0, []
        self.model.train()
        while self.epoch < epochs:
            order = batches(items, batch_size, seed, self.epoch)
            while self.batch < len(order):
                for group in self.optimizer.param_groups:
                    group["lr"] = schedule(self.step, total, warmup, self.options.lr)
                loss = loss_of([items[i] for i in order[self.batch]])
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                self.optimizer.step()
                running.append(loss.item())
                self.batch += 1
                self.step += 1
                seen += len(order[self.batch - 1])
                if self.step % self.options.log_every == 0 or self.batch == len(order):
                    mean = sum(running) / len(running)
                    self.losses.append((self.step, mean))
                    print("%s epoch %d/%d batch %d/%d step %d loss %.4f lr %.2e %.0f samples/s %.0fs" % (
                        self.stage, self.epoch + 1, epochs, self.batch, len(order), self.step, mean,
                        self.optimizer.param_groups[0]["lr"], seen / max(1e-9, time.time() - started),
                        time.time() - started), flush=True)
                    running = []
                if self.step % save_every == 0:
                    self.save_state()
                if stop_after_steps and self.step >= stop_after_steps:
                    self.save_state()
                    return False
            self.epoch += 1
            self.batch = 0
        self.save_state()
        return True


def sft_loss(model, trie_mask=None):
    """Cross-entropy of the response tokens; with a TrieMask, normalised over the codes the trie allows there."""
    def loss_of(rows):
        ids, rows_index, positions, targets, _ = collate(rows)
        logits = response_logits(model, ids, rows_index, positions, shared_prefix(rows)).float()
        if trie_mask is not None:
            logits = logits.masked_fill(~trie_mask.of(rows), float("-inf"))
        return functional.cross_entropy(logits, targets)
    return loss_of


class TrieMask:
    """Which tokens the serving trie allows at each response position: the constrained search normalises the
    model's logits over exactly these (trie_beam_search), so training can spend its capacity on telling allowed
    codes apart instead of pushing down codes that can never be chosen there."""

    def __init__(self, trie, tokenizer):
        self.trie, self.tokenizer = trie, tokenizer
        self.vocabulary = len(tokenizer)
        self._cache = {}

    def allowed(self, codes):
        if codes not in self._cache:
            node = self.trie.node(codes)
            if node is None:  # an ID outside the catalogue: leave the row unconstrained
                tokens = list(range(self.vocabulary))
            else:
                level = len(codes)
                tokens = [self.tokenizer.code_id(level, c) for c in sorted(node.children)]
                if node.complete:
                    tokens.append(3)  # <eos>: the ID may end here
            self._cache[codes] = torch.tensor(tokens, dtype=torch.long)
        return self._cache[codes]

    def of(self, rows):
        masks = []
        for _, response in rows:
            codes = self.tokenizer.codes_of(response)
            for offset in range(len(response)):
                mask = torch.zeros(self.vocabulary, dtype=torch.bool)
                mask[self.allowed(codes[:offset])] = True
                masks.append(mask)
        return torch.stack(masks)


def dpo_loss(model, reference, beta, sft_weight):
    """-log sigmoid(beta * (policy margin - reference margin)) per pair, plus sft_weight x the chosen's NLL."""
    def loss_of(pairs):
        chosen = [(prompt, c) for prompt, c, _ in pairs]
        rejected = [(prompt, r) for prompt, _, r in pairs]
        policy = sequence_log_probs(model, chosen + rejected)
        with torch.no_grad():
            ref = sequence_log_probs(reference, chosen + rejected)
        n = len(pairs)
        margin = (policy[:n] - ref[:n]) - (policy[n:] - ref[n:])
        loss = -functional.logsigmoid(beta * margin).mean()
        if sft_weight:
            lengths = torch.tensor([len(c) for _, c in chosen], dtype=torch.float)
            loss = loss + sft_weight * (-policy[:n] / lengths).mean()
        return loss
    return loss_of
