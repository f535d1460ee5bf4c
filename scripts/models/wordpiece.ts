/**
 * A BERT-style WordPiece tokenizer (uncased) built from a corpus, written as the `tokenizer.json`
 * and `tokenizer_config.json` a Hugging Face export has. Words seen at least `minCount` times
 * become tokens; every character seen becomes a token and a `##` continuation, so any word made
 * of known characters splits into pieces instead of [UNK].
 */

export const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** What BertNormalizer does with lowercase and accent stripping on: NFD, drop combining marks, lowercase. */
export function bertNormalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
}

/** BertPreTokenizer: split on whitespace, and every punctuation character is a word of its own. */
export function bertWords(text: string): string[] {
  return bertNormalize(text)
    .split(/\s+/u)
    .flatMap((w) => w.split(/([\p{P}!-/:-@[-`{-~])/u))
    .filter((w) => w !== '');
}

export function buildWordPiece(texts: readonly string[], minCount: number, maxLength: number) {
  const counts = new Map<string, number>();
  const chars = new Set<string>();
  for (const t of texts) {
    for (const w of bertWords(t)) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const c of w) chars.add(c);
    }
  }
  const vocab: Record<string, number> = {};
  const add = (tok: string): void => {
    if (!Object.hasOwn(vocab, tok)) vocab[tok] = Object.keys(vocab).length;
  };
  BERT_SPECIALS.forEach(add);
  const sortedChars = [...chars].sort();
  sortedChars.forEach(add);
  sortedChars.forEach((c) => add(`##${c}`));
  [...counts]
    .filter(([w, n]) => n >= minCount && [...w].length > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .forEach(([w]) => add(w));

  const special = (content: string) => ({ id: vocab[content]!, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const seg = (id: string, type_id: number) => ({ Sequence: { id, type_id } });
  const tok = (id: string, type_id: number) => ({ SpecialToken: { id, type_id } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: BERT_SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok('[CLS]', 0), seg('A', 0), tok('[SEP]', 0)],
      pair: [tok('[CLS]', 0), seg('A', 0), tok('[SEP]', 0), seg('B', 1), tok('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab[t]!], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const config = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: maxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, config, vocabSize: Object.keys(vocab).length, padId: vocab['[PAD]']! };
}
