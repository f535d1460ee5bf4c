"""Which fixtures exist and what each is made of."""

from dataclasses import dataclass
from typing import Optional, Tuple

# Small enough that the long requests are truncated, below max_position_embeddings (512) so that
# maxLength comes from the tokenizer, as it does for most published reward models.
MAX_LENGTH = 128
SEED = 20261122
# Every two requests with different final ids must score at least this far apart, so that a
# tokenization difference cannot hide under the 1e-4 parity tolerance and a score identifies its request.
MIN_GAP = 0.05


@dataclass(frozen=True)
class Fixture:
    name: str
    architecture: str  # the transformers class config.json names
    model: str  # key into build_models.BUILDERS
    tokenizer: str  # key into build_tokenizers.BUILDERS
    tokenizer_family: str  # in words, for reference.json
    template: Optional[str]  # file under templates/, None for the pair form
    # Repos saved before transformers 4.43 keep the template inside tokenizer_config.json only.
    template_in_config: bool = False
    export_args: Tuple[str, ...] = ()
    truncate_end: bool = False
    extra_tokens: Tuple[str, ...] = ()
    # Trained reward models score in roughly ±1..±5. With the usual 0.02 a tiny random model's score
    # is close to a constant (the residual stream is the last token's embedding), so a tokenization
    # difference could hide under a 1e-4 tolerance; 0.2-0.4 (more for the post-norm encoders, whose
    # pooled token otherwise averages the text away) lets attention mix the context in.
    init_range: float = 0.2
    # None: transformers' default. Gemma 2's default (sdpa) silently drops attn_logit_softcapping, so
    # the default would not be the model its config describes (nor the eager graph that is exported).
    attn_implementation: Optional[str] = None
    # The first seed from SEED up whose scores are MIN_GAP apart (generate.py --search-seeds finds it).
    seed: int = SEED


FIXTURES = [
    Fixture("llama3", "LlamaForSequenceClassification", "llama", "llama3", "byte-level BPE, Llama 3 regex, ignore_merges, adds <|begin_of_text|>", "llama3.jinja", truncate_end=True, init_range=0.2, seed=20261211),
    Fixture("qwen2", "Qwen2ForSequenceClassification", "qwen2", "qwen2", "byte-level BPE, Qwen2 regex, NFC, no BOS", "qwen2.5.jinja", init_range=0.3, seed=20261123),
    Fixture(
        "qwen3-legacy",
        "Qwen3ForSequenceClassification",
        "qwen3",
        "qwen2",
        "byte-level BPE, Qwen2 regex, NFC, no BOS; <think> </think> as non-special added tokens",
        "chatml-qwen2-instruct.jinja",
        template_in_config=True,
        extra_tokens=("<think>", "</think>"),
        init_range=0.2,
        seed=20261206,
    ),
    Fixture("gemma2", "Gemma2ForSequenceClassification", "gemma2", "gemma", "SentencePiece BPE with byte fallback (GemmaTokenizer), adds <bos>", "gemma2.jinja", init_range=0.2, attn_implementation="eager", seed=20261141),
    Fixture(
        "mistral",
        "MistralForSequenceClassification",
        "mistral",
        "mistral",
        "SentencePiece BPE with byte fallback (LlamaTokenizer: Metaspace, legacy=False), adds <s>, no pad token",
        "mistral-instruct-v0.2.jinja",
        export_args=("--external-data",),
        init_range=0.2,
        seed=20261144,
    ),
    Fixture("deberta-v3", "DebertaV2ForSequenceClassification", "deberta-v2", "deberta-v3", "SentencePiece Unigram (DebertaV2Tokenizer), [CLS] A [SEP] B [SEP]", None, truncate_end=True, init_range=0.3, seed=20261124),
    Fixture(
        "modernbert",
        "ModernBertForSequenceClassification",
        "modernbert",
        "modernbert",
        "byte-level BPE (GPT-NeoX style, generic tokenizer.json), [CLS] A [SEP] B [SEP]",
        None,
        init_range=0.3,
        seed=20261386,
    ),
    Fixture("roberta", "RobertaForSequenceClassification", "roberta", "roberta", "byte-level BPE (RobertaTokenizer), <s> A </s></s> B </s>", None, init_range=0.4, seed=20261162),
]

BY_NAME = {f.name: f for f in FIXTURES}
