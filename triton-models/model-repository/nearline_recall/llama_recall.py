"""The recall LLM: a decoder-only transformer in Hugging Face LlamaForCausalLM semantics, shared by training and Triton.

Same computation and parameter names as transformers' Llama (so the checkpoint converts for TensorRT-LLM unchanged):
RMSNorm (float32 variance, eps), rotary positions in HF's non-interleaved rotate_half form with
inv_freq = 1 / rope_theta^(2i / head_dim), grouped-query attention (key/value heads shared by
num_attention_heads / num_key_value_heads query heads, HF's repeat_kv order), SwiGLU MLP down(silu(gate(x)) * up(x)),
no biases, a causal mask, a final norm and the lm_head (optionally tied to the input embedding).

`forward` takes and returns a past-key-value cache (one (key, value) pair per layer, [batch, kv_heads, time,
head_dim], keys already rotated), so a prompt prefix is computed once and continued: the prefix KV cache reuse of
the near-line design, and the per-beam cache of the constrained beam search.
"""

import math
from dataclasses import asdict, dataclass, field

import torch
from torch import nn
from torch.nn import functional


@dataclass
class LlamaConfig:
    """The config.json fields of a Llama checkpoint this model reads (HF names)."""

    vocab_size: int
    hidden_size: int = 256
    intermediate_size: int = 688
    num_hidden_layers: int = 4
    num_attention_heads: int = 8
    num_key_value_heads: int = 2
    max_position_embeddings: int = 1024
    rms_norm_eps: float = 1e-5
    rope_theta: float = 10000.0
    tie_word_embeddings: bool = True
    initializer_range: float = 0.02
    bos_token_id: int = 2
    eos_token_id: int = 3
    pad_token_id: int = 0
    nearline_recall: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.hidden_size % self.num_attention_heads:
            raise ValueError("hidden_size %d is not a multiple of num_attention_heads %d"
                             % (self.hidden_size, self.num_attention_heads))
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError("num_attention_heads %d is not a multiple of num_key_value_heads %d"
                             % (self.num_attention_heads, self.num_key_value_heads))
        if self.head_dim % 2:
            raise ValueError("head_dim %d must be even for rotary positions" % self.head_dim)

    @property
    def head_dim(self):
        return self.hidden_size // self.num_attention_heads

    def to_hf_dict(self):
        """config.json content: HF's Llama field names plus our `nearline_recall` block."""
        fields = asdict(self)
        extra = fields.pop("nearline_recall")
        return {"architectures": ["LlamaForCausalLM"], "model_type": "llama", **fields,
                "head_dim": self.head_dim, "hidden_act": "silu", "attention_bias": False, "mlp_bias": False,
                "rope_scaling": None, "torch_dtype": "float32", "use_cache": True, "nearline_recall": extra}

    @classmethod
    def from_hf_dict(cls, data, source="config.json"):
        if data.get("model_type") != "llama" or "LlamaForCausalLM" not in data.get("architectures", []):
            raise ValueError("%s: not a LlamaForCausalLM config (model_type %r, architectures %r)"
                             % (source, data.get("model_type"), data.get("architectures")))
        if data.get("hidden_act", "silu") != "silu" or data.get("attention_bias") or data.get("mlp_bias") \
                or data.get("rope_scaling"):
            raise ValueError("%s: only silu, no biases and no rope_scaling are supported" % source)
        if data.get("head_dim", data["hidden_size"] // data["num_attention_heads"]) \
                != data["hidden_size"] // data["num_attention_heads"]:
            raise ValueError("%s: head_dim must be hidden_size / num_attention_heads" % source)
        names = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in names})


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class RotaryEmbedding(nn.Module):
    def __init__(self, config):
        super().__init__()
        dim = config.head_dim
        inv_freq = 1.0 / (config.rope_theta ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, position_ids):
        """cos, sin of [batch, time, head_dim] for integer positions [batch, time]."""
        freqs = position_ids[..., None].float() * self.inv_freq
        angles = torch.cat((freqs, freqs), dim=-1)
        return angles.cos(), angles.sin()


class Attention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = (config.num_attention_heads, config.num_key_value_heads,
                                                    config.head_dim)
        hidden = config.hidden_size
        self.q_proj = nn.Linear(hidden, self.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(hidden, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(hidden, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, hidden, bias=False)

    def forward(self, x, cos, sin, mask, past):
        batch, time, _ = x.shape
        q = self.q_proj(x).view(batch, time, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(batch, time, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(batch, time, self.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past is not None:
            k = torch.cat((past[0], k), dim=2)
            v = torch.cat((past[1], v), dim=2)
        present = (k, v)
        groups = self.heads // self.kv_heads
        if groups > 1:  # HF repeat_kv: query head h reads key/value head h // groups
            k = k[:, :, None].expand(batch, self.kv_heads, groups, k.shape[2], self.head_dim) \
                .reshape(batch, self.heads, k.shape[2], self.head_dim)
            v = v[:, :, None].expand(batch, self.kv_heads, groups, v.shape[2], self.head_dim) \
                .reshape(batch, self.heads, v.shape[2], self.head_dim)
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.head_dim)
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        weights = torch.softmax(scores.float(), dim=-1).to(q.dtype)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(batch, time, self.heads * self.head_dim)
        return self.o_proj(out), present


class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(functional.silu(self.gate_proj(x)) * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.self_attn = Attention(config)
        self.mlp = MLP(config)
        self.input_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.post_attention_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)

    def forward(self, x, cos, sin, mask, past):
        attended, present = self.self_attn(self.input_layernorm(x), cos, sin, mask, past)
        x = x + attended
        return x + self.mlp(self.post_attention_layernorm(x)), present


class LlamaModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(DecoderLayer(config) for _ in range(config.num_hidden_layers))
        self.norm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.rotary_emb = RotaryEmbedding(config)


class LlamaForCausalLM(nn.Module):
    """Parameter names are HF's (`model.layers.0.self_attn.q_proj.weight`, ...), so state_dict() is the checkpoint."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.model = LlamaModel(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        self.apply(self._init_weights)
        if config.tie_word_embeddings:
            self.lm_head.weight = self.model.embed_tokens.weight

    def _init_weights(self, module):
        # HF's Llama initialisation: normal(0, initializer_range) for linear and embedding weights, norms at one.
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=self.config.initializer_range)

    def parameter_count(self):
        return sum(p.numel() for p in self.parameters())  # a tied head is counted once

    def forward(self, input_ids, past_key_values=None, attention_mask=None, position_ids=None, return_hidden=False):
        """Logits [batch, time, vocab] (final-norm states with return_hidden) and the new cache.

        attention_mask: [batch, past + time], True (or 1) where a key is a real token (left padding for batched
        prompts of different lengths); position_ids default to past + arange(time) (give them with left padding).
        """
        batch, time = input_ids.shape
        past = 0 if past_key_values is None else past_key_values[0][0].shape[2]
        if position_ids is None:
            position_ids = torch.arange(past, past + time, device=input_ids.device).expand(batch, time)
        causal = torch.ones(time, past + time, dtype=torch.bool, device=input_ids.device).tril(diagonal=past)
        mask = causal[None, None]
        if attention_mask is not None:
            mask = mask & attention_mask.bool()[:, None, None, :]
        cos, sin = self.model.rotary_emb(position_ids)
        x = self.model.embed_tokens(input_ids)
        presents = []
        for index, layer in enumerate(self.model.layers):
            x, present = layer(x, cos, sin, mask, None if past_key_values is None else past_key_values[index])
            presents.append(present)
        states = self.model.norm(x)
        return (states if return_hidden else self.lm_head(states)), presents


def select_cache(cache, rows):
    """The cache of some batch rows (a beam's parents), as index_select over every layer's key and value."""
    return [(k.index_select(0, rows), v.index_select(0, rows)) for k, v in cache]
