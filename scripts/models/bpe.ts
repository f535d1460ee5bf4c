/**
 * A byte-level BPE tokenizer (GPT-2 / Llama-3 style) trained on a corpus, written as the
 * `tokenizer.json` + `tokenizer_config.json` of a Llama-3-style chat model: a BOS token added by
 * the post-processor, header and end-of-turn special tokens, and a chat template that also
 * writes the BOS token. That pairing is what produces a doubled BOS when a templated text is
 * tokenized with special tokens on, the trap the harness's tokenization checks look for.
 */

/** GPT-2's pre-tokenization pattern, which the ByteLevel pre-tokenizer applies. */
const SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's byte → printable character table. */
function byteChars(): string[] {
  const keep = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const out: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(keep(b) ? b : 256 + extra++));
  return out;
}

export const LLAMA_SPECIALS = {
  bos: '<|begin_of_text|>',
  eos: '<|end_of_text|>',
  startHeader: '<|start_header_id|>',
  endHeader: '<|end_header_id|>',
  eot: '<|eot_id|>',
  pad: '<|finetune_right_pad_id|>',
} as const;

/** Llama 3's chat template, reduced to the parts a reward model uses. */
export const LLAMA_CHAT_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

export function buildByteBpe(texts: readonly string[], merges: number, maxLength: number) {
  const bytes = byteChars();
  const encoder = new TextEncoder();
  const words = new Map<string, number>();
  for (const t of texts) {
    for (const m of t.matchAll(SPLIT)) {
      const w = [...encoder.encode(m[0])].map((b) => bytes[b]!).join('');
      words.set(w, (words.get(w) ?? 0) + 1);
    }
  }
  const pieces = [...words].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([w, n]) => ({ syms: [...w], n }));
  const vocab: Record<string, number> = {};
  for (const c of [...bytes].sort()) vocab[c] = Object.keys(vocab).length;
  const mergeList: string[] = [];
  for (let m = 0; m < merges; m++) {
    const counts = new Map<string, number>();
    for (const p of pieces) {
      for (let i = 0; i + 1 < p.syms.length; i++) {
        const k = `${p.syms[i]} ${p.syms[i + 1]}`;
        counts.set(k, (counts.get(k) ?? 0) + p.n);
      }
    }
    let best: string | undefined;
    let bestN = 1; // a pair seen once is not worth a token
    for (const [k, n] of counts) if (n > bestN || (n === bestN && best !== undefined && k < best)) [best, bestN] = [k, n];
    if (best === undefined) break;
    const [a, b] = best.split(' ') as [string, string];
    mergeList.push(best);
    vocab[a + b] = Object.keys(vocab).length;
    for (const p of pieces) {
      const out: string[] = [];
      for (let i = 0; i < p.syms.length; i++) {
        if (i + 1 < p.syms.length && p.syms[i] === a && p.syms[i + 1] === b) {
          out.push(a + b);
          i++;
        } else out.push(p.syms[i]!);
      }
      p.syms = out;
    }
  }
  const specials = Object.values(LLAMA_SPECIALS);
  const base = Object.keys(vocab).length;
  const added = specials.map((content, i) => ({ id: base + i, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
  const id = (t: string) => added.find((a) => a.content === t)!.id;
  const bos = LLAMA_SPECIALS.bos;
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: bos, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: bos, type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [bos]: { id: bos, ids: [id(bos)], tokens: [bos] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: mergeList,
    },
  };
  const config = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: bos,
    eos_token: LLAMA_SPECIALS.eot,
    pad_token: LLAMA_SPECIALS.pad,
    model_max_length: maxLength,
    clean_up_tokenization_spaces: true,
    chat_template: LLAMA_CHAT_TEMPLATE,
  };
  return {
    tokenizer,
    config,
    vocabSize: base + specials.length,
    ids: Object.fromEntries(Object.entries(LLAMA_SPECIALS).map(([k, t]) => [k, id(t)])) as Record<keyof typeof LLAMA_SPECIALS, number>,
  };
}
