"""Tiny random-weight sequence classifiers of the architectures reward models are published in.

Shapes are the families' own in miniature (grouped-query attention, Qwen2's qkv bias, Qwen3's q/k
norms, Gemma 2's soft-capping and alternating sliding-window layers, DeBERTa-v3's relative
attention without absolute positions, ModernBERT's global and local layers), so the exported graphs contain the operators the real
models do. Sizes are what keeps a fixture at a few hundred KB.
"""

import torch

HIDDEN = 32
INTERMEDIATE = 64
LAYERS = 2
HEADS = 4
KV_HEADS = 2
HEAD_DIM = HIDDEN // HEADS
MAX_POSITIONS = 512


def _decoder_common(tok, init):
    return dict(
        vocab_size=len(tok),
        hidden_size=HIDDEN,
        intermediate_size=INTERMEDIATE,
        num_hidden_layers=LAYERS,
        num_attention_heads=HEADS,
        num_key_value_heads=KV_HEADS,
        head_dim=HEAD_DIM,
        max_position_embeddings=MAX_POSITIONS,
        initializer_range=init,
        num_labels=1,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        # The classifier pools at the last token that is not the pad id: the tokenizer's pad, else its
        # EOS (what RewardBench and the exporter use), so config.json and the tokenizer agree.
        pad_token_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id,
        tie_word_embeddings=False,
    )


def llama(tok, init):
    from transformers import LlamaConfig, LlamaForSequenceClassification

    # Llama 3.1's rope scaling: the frequencies are rewritten once at load, a different code path from plain RoPE.
    rope = {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}
    return LlamaForSequenceClassification(LlamaConfig(**_decoder_common(tok, init), rms_norm_eps=1e-5, rope_parameters=rope, hidden_act="silu"))


def qwen2(tok, init):
    from transformers import Qwen2Config, Qwen2ForSequenceClassification

    return Qwen2ForSequenceClassification(Qwen2Config(**_decoder_common(tok, init), rms_norm_eps=1e-6, rope_parameters={"rope_type": "default", "rope_theta": 1000000.0}, use_sliding_window=False))


def qwen3(tok, init):
    from transformers import Qwen3Config, Qwen3ForSequenceClassification

    return Qwen3ForSequenceClassification(Qwen3Config(**_decoder_common(tok, init), rms_norm_eps=1e-6, rope_parameters={"rope_type": "default", "rope_theta": 1000000.0}, use_sliding_window=False))


def gemma2(tok, init):
    from transformers import Gemma2Config, Gemma2ForSequenceClassification

    # A sliding window shorter than the 128-token inputs, so the sliding layer's mask really masks
    # (at Gemma 2's 4096 it would never show at this length).
    config = Gemma2Config(
        **_decoder_common(tok, init),
        rms_norm_eps=1e-6,
        hidden_activation="gelu_pytorch_tanh",
        query_pre_attn_scalar=HEAD_DIM,
        sliding_window=64,
        attn_logit_softcapping=50.0,
        final_logit_softcapping=30.0,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
    )
    return Gemma2ForSequenceClassification(config)


def mistral(tok, init):
    from transformers import MistralConfig, MistralForSequenceClassification

    # Mistral 7B v0.2 onwards: no sliding window.
    return MistralForSequenceClassification(MistralConfig(**_decoder_common(tok, init), rms_norm_eps=1e-5, sliding_window=None, rope_parameters={"rope_type": "default", "rope_theta": 1000000.0}))


def deberta_v2(tok, init):
    from transformers import DebertaV2Config, DebertaV2ForSequenceClassification

    # DeBERTa-v3's settings: relative attention with log buckets, no absolute positions, no segment
    # embeddings; 64 buckets instead of 256 so that distances beyond 32 are log-bucketed within 128 tokens.
    config = DebertaV2Config(
        vocab_size=len(tok),
        hidden_size=HIDDEN,
        intermediate_size=INTERMEDIATE,
        num_hidden_layers=LAYERS,
        num_attention_heads=HEADS,
        max_position_embeddings=MAX_POSITIONS,
        relative_attention=True,
        position_buckets=64,
        norm_rel_ebd="layer_norm",
        share_att_key=True,
        pos_att_type=["p2c", "c2p"],
        position_biased_input=False,
        max_relative_positions=-1,
        type_vocab_size=0,
        layer_norm_eps=1e-7,
        hidden_act="gelu",
        pooler_hidden_size=HIDDEN,
        pooler_hidden_act="gelu",
        pooler_dropout=0,
        initializer_range=init,
        num_labels=1,
        pad_token_id=tok.pad_token_id,
    )
    return DebertaV2ForSequenceClassification(config)


def roberta(tok, init):
    from transformers import RobertaConfig, RobertaForSequenceClassification

    # RoBERTa counts positions from pad_token_id + 1, hence 2 more than the longest input.
    config = RobertaConfig(
        vocab_size=len(tok),
        hidden_size=HIDDEN,
        intermediate_size=INTERMEDIATE,
        num_hidden_layers=LAYERS,
        num_attention_heads=HEADS,
        max_position_embeddings=MAX_POSITIONS + 2,
        type_vocab_size=1,
        layer_norm_eps=1e-5,
        initializer_range=init,
        num_labels=1,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    return RobertaForSequenceClassification(config)


def modernbert(tok, init):
    from transformers import ModernBertConfig, ModernBertForSequenceClassification

    # ModernBERT-base's layout (a global layer, then local ones; mean pooling), with a local window
    # shorter than the inputs so that its mask really masks (at 128 it would not show at this length).
    config = ModernBertConfig(
        vocab_size=len(tok),
        hidden_size=HIDDEN,
        intermediate_size=INTERMEDIATE,
        num_hidden_layers=LAYERS,
        num_attention_heads=HEADS,
        max_position_embeddings=MAX_POSITIONS,
        global_attn_every_n_layers=3,
        local_attention=64,
        classifier_pooling="mean",
        initializer_range=init,
        num_labels=1,
        pad_token_id=tok.pad_token_id,
        cls_token_id=tok.cls_token_id,
        sep_token_id=tok.sep_token_id,
        bos_token_id=tok.cls_token_id,
        eos_token_id=tok.sep_token_id,
    )
    return ModernBertForSequenceClassification(config)


BUILDERS = {"llama": llama, "qwen2": qwen2, "qwen3": qwen3, "gemma2": gemma2, "mistral": mistral, "deberta-v2": deberta_v2, "roberta": roberta, "modernbert": modernbert}


def build(kind, tok, seed, init_range):
    """The model in eval mode, its random weights a function of the seed and init range alone."""
    torch.manual_seed(seed)
    return BUILDERS[kind](tok, init_range).eval()
