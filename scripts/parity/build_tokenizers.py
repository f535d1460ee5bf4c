"""Tiny tokenizers of the families reward models ship with, trained on the datasets' text.

Each is built through the transformers class its family loads as, because transformers 5 rebuilds
the normalizer, pre-tokenizer and decoder of such classes (Qwen2Tokenizer, LlamaTokenizer,
GemmaTokenizer, DebertaV2Tokenizer, RobertaTokenizer) from code and keeps only the vocabulary,
merges and post-processor of tokenizer.json. A tokenizer.json written any other way could say one
thing to transformers.js and another to transformers. Llama 3's and ModernBERT's, which ship as a
generic tokenizer.json (tokenizer_class PreTrainedTokenizerFast; transformers 5 saves it as
TokenizersBackend), are the only ones transformers reads as written.

Named build_tokenizers so that it cannot shadow the `tokenizers` library.
"""

import json
import os
import tempfile

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

# Llama 3 splits digits in runs of up to three; Qwen2 one by one.
LLAMA3_REGEX = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2_REGEX = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"

# Llama 3.1's first special ids, in its order (128000...), so the pad and end ids sit where they do there.
LLAMA3_SPECIALS = [
    "<|begin_of_text|>",
    "<|end_of_text|>",
    "<|reserved_special_token_0|>",
    "<|reserved_special_token_1|>",
    "<|finetune_right_pad_id|>",
    "<|reserved_special_token_2|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<|eom_id|>",
    "<|eot_id|>",
    "<|python_tag|>",
]

BPE_VOCAB = 1024
SPM_VOCAB = 1024


def _train_bytelevel_bpe(texts, split_regex, normalizer=None, ignore_merges=False, use_regex=False):
    tok = Tokenizer(models.BPE(ignore_merges=ignore_merges))
    if normalizer is not None:
        tok.normalizer = normalizer
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=use_regex)
    if split_regex:
        tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(split_regex), behavior="isolated", invert=False), byte_level])
    else:
        tok.pre_tokenizer = byte_level
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=BPE_VOCAB, min_frequency=2, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(texts, trainer)
    return tok


def _vocab_merges(tok):
    model = json.loads(tok.to_str())["model"]
    return model["vocab"], [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in model["merges"]]


def llama3(texts, max_length):
    from transformers import PreTrainedTokenizerFast

    # ignore_merges: a word already in the vocabulary is one token whatever the merges say (tiktoken's rule).
    tok = _train_bytelevel_bpe(texts, LLAMA3_REGEX, ignore_merges=True)
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in LLAMA3_SPECIALS])
    bos = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence(
        [
            processors.ByteLevel(add_prefix_space=True, trim_offsets=False, use_regex=True),
            processors.TemplateProcessing(single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1", special_tokens=[("<|begin_of_text|>", bos)]),
        ]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<|begin_of_text|>",
        eos_token="<|eot_id|>",
        pad_token="<|finetune_right_pad_id|>",
        model_max_length=max_length,
        clean_up_tokenization_spaces=True,
        model_input_names=["input_ids", "attention_mask"],
    )


def qwen2(texts, max_length, extra_tokens=()):
    from transformers import Qwen2Tokenizer

    vocab, merges = _vocab_merges(_train_bytelevel_bpe(texts, QWEN2_REGEX, normalizer=normalizers.NFC()))
    # <|endoftext|> first, then <|im_start|>, <|im_end|>: Qwen's order (151643...).
    tok = Qwen2Tokenizer(vocab=vocab, merges=merges, unk_token=None, eos_token="<|endoftext|>", pad_token="<|endoftext|>", model_max_length=max_length, errors="replace", split_special_tokens=False)
    tok.add_tokens([AddedToken(t, special=True, normalized=False) for t in ("<|im_start|>", "<|im_end|>")])
    tok.add_tokens([AddedToken(t, special=False, normalized=False) for t in extra_tokens])
    tok.eos_token = "<|im_end|>"
    return tok


def _spm(texts, model_type, **options):
    """Train SentencePiece single-threaded with a fixed seed, so that a re-run learns the same pieces; returns the vocabulary (and merges) transformers extracts from it."""
    import sentencepiece as spm
    from transformers.convert_slow_tokenizer import SentencePieceExtractor

    spm.set_random_generator_seed(20261122)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            # One sentence per line: SentencePiece cannot learn pieces across a line break. Every
            # fifth text keeps training to seconds; the subset is chosen here rather than by
            # SentencePiece's shuffle, whose order depends on the C++ standard library.
            for t in texts[::5]:
                f.write(t.replace("\n", " ") + "\n")
        prefix = os.path.join(tmp, "spm")
        kind = "bpe" if model_type is models.BPE else "unigram"
        spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, model_type=kind, vocab_size=SPM_VOCAB, character_coverage=1.0, num_threads=1, minloglevel=2, **options)
        return SentencePieceExtractor(prefix + ".model").extract(model_type)


def gemma(texts, max_length):
    from transformers import GemmaTokenizer

    kw = _spm(
        texts,
        models.BPE,
        byte_fallback=True,
        split_digits=True,
        add_dummy_prefix=False,
        remove_extra_whitespaces=False,
        allow_whitespace_only_pieces=True,
        normalization_rule_name="identity",
        pad_id=0,
        eos_id=1,
        bos_id=2,
        unk_id=3,
        pad_piece="<pad>",
        eos_piece="<eos>",
        bos_piece="<bos>",
        unk_piece="<unk>",
        control_symbols=["<mask>", "<start_of_turn>", "<end_of_turn>"],
    )
    return GemmaTokenizer(
        vocab=kw["vocab"],
        merges=kw["merges"],
        additional_special_tokens=["<start_of_turn>", "<end_of_turn>"],
        add_bos_token=True,
        add_eos_token=False,
        model_max_length=max_length,
    )


def mistral(texts, max_length):
    from transformers import LlamaTokenizer

    kw = _spm(
        texts,
        models.BPE,
        byte_fallback=True,
        split_digits=True,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
    )
    # No pad token, as Mistral ships: the classifier pads with (and pools before) </s>.
    return LlamaTokenizer(vocab=kw["vocab"], merges=kw["merges"], legacy=False, add_bos_token=True, add_eos_token=False, model_max_length=max_length)


def deberta_v3(texts, max_length):
    from transformers import DebertaV2Tokenizer

    kw = _spm(texts, models.Unigram, pad_id=0, bos_id=1, eos_id=2, unk_id=3, pad_piece="[PAD]", bos_piece="[CLS]", eos_piece="[SEP]", unk_piece="[UNK]")
    # [MASK] comes after the pieces, as in DeBERTa-v3 (128000).
    return DebertaV2Tokenizer(vocab=kw["vocab"], unk_id=kw["unk_id"], model_max_length=max_length)


def roberta(texts, max_length):
    from transformers import RobertaTokenizer

    # GPT-2's byte-level BPE: the ByteLevel pre-tokenizer's own regex, no Split in front.
    bpe = _train_bytelevel_bpe(texts, None, use_regex=True)
    vocab, merges = _vocab_merges(bpe)
    # RoBERTa's first four ids are <s> <pad> </s> <unk>; the learned tokens follow, <mask> last.
    ordered = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for token, _ in sorted(vocab.items(), key=lambda kv: kv[1]):
        ordered.setdefault(token, len(ordered))
    ordered["<mask>"] = len(ordered)
    tok = RobertaTokenizer(vocab=ordered, merges=merges, model_max_length=max_length)
    tok.mask_token = AddedToken("<mask>", lstrip=True, rstrip=False, normalized=False, special=True)
    return tok


def modernbert(texts, max_length):
    from transformers import PreTrainedTokenizerFast

    # ModernBERT ships OLMo's GPT-NeoX-style byte-level BPE with BERT's specials after the vocabulary
    # (50280...), as a generic tokenizer.json with a [CLS] A [SEP] B [SEP] template.
    tok = _train_bytelevel_bpe(texts, None, use_regex=True)
    tok.add_special_tokens(
        [AddedToken(s, special=True, normalized=False) for s in ("[UNK]", "[CLS]", "[SEP]", "[PAD]")] + [AddedToken("[MASK]", special=True, normalized=False, lstrip=True)]
    )
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        pad_token="[PAD]",
        mask_token="[MASK]",
        model_max_length=max_length,
        clean_up_tokenization_spaces=True,
        model_input_names=["input_ids", "attention_mask"],
    )


BUILDERS = {"llama3": llama3, "qwen2": qwen2, "gemma": gemma, "mistral": mistral, "deberta-v3": deberta_v3, "roberta": roberta, "modernbert": modernbert}
