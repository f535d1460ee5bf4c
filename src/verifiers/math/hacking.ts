import { unitOnly } from './normalize.js';

/**
 * Checks for answers that try to collect a reward without earning it (Huang et al. 2025, "Pitfalls
 * of Rule- and Model-based Verifiers"). Each returns a named reason; any one makes the reward 0,
 * whether or not the answer would otherwise match, because a policy trained on such a reward
 * learns the trick, not the math.
 */

export type HackReason =
  | 'prompt-injection'
  | 'claimed-correctness'
  | 'hidden-text'
  | 'markup-in-answer'
  | 'adversarial-prefix'
  | 'empty-answer'
  | 'symbol-only-answer'
  | 'gibberish-answer'
  | 'prose-answer'
  | 'hedged-answer'
  | 'unit-only-answer';

const injection =
  /ignore (?:all |any |the )?(?:previous|prior|above|earlier|preceding) (?:instructions|prompts?|rules)|disregard (?:all |the )?(?:previous |prior |above )?(?:instructions|rules)|(?:grade|mark|score|rate|judge|evaluate) (?:this|it|me|the (?:answer|response|solution)|my (?:answer|response))(?: response| answer)? as (?:correct|right|true|1|full)|(?:output|return|respond with|answer with|say) ["'`]?(?:correct|true|yes|1)["'`]?\s*(?:\.|$|regardless)|you (?:are|act as) (?:the|a) (?:grader|verifier|judge)|system prompt|new instructions?:|\[(?:system|admin|grader)\]|as an ai (?:grader|judge|verifier)/i;

const claim =
  /(?:the|this|my|above|final|given) (?:answer|solution|result|response) (?:is|has been) (?:verified|validated|confirmed|certified)(?: (?:as |to be )?correct)?|\b(?:this|it) (?:is|has been) verified\b|verified (?:as |to be )?correct|\b(?:answer|solution) (?:is )?(?:100% )?(?:guaranteed|certified) (?:correct|right)|\bcorrect answer\s*[:!]?\s*(?:✓|✅)|\b(?:the|this|my) answer is (?:definitely |certainly )?(?:correct|right)\b/i;

// A tag must look like one (`<span style=…>`): `x < p` and `a</p` in degenerate output are not HTML.
// `\phantom` is not here: problems restate blanks as `\boxed{\phantom{2}}`; inside an answer it is caught below.
const hidden =
  /<\s*\/?\s*(?:span|div|p|font|script|style|sup|sub|b|i|em|strong|mark|small|details|summary)(?:\s[^<>\n]{0,300})?\s*\/?>|<!--[\s\S]*?-->|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|color\s*:\s*(?:white|#fff(?:fff)?|transparent)|\\color\{white\}|\\textcolor\{white\}|[\u200b-\u200f\u2060\ufeff]/i;

const markup = /<[^>]*>|\*\*|__|`|^#+\s|\[[^\]]*\]\([^)]*\)|\\[hv]?phantom\b|\\color\{|\\textcolor\{/;

const verdictWord = String.raw`(?:correct|verified|right|true|yes|pass(?:ed)?|accepted|✓|✅)`;
const prefix = new RegExp(
  String.raw`^\s*(?:\[${verdictWord}\]|${verdictWord}\s*[.!:,\-–])|^\s*\[?(?:score|grade|verdict|reward)\s*[:=]\s*(?:1|a|correct|10|100|true|pass)\b`,
  'i',
);

const hedge = /\bor\b|\beither\b|\bmaybe\b|\bperhaps\b|\bpossibly\b|\bprobably\b|\bcould be\b|\bmight be\b|\\lor\b|\bnot sure\b/i;

// Letters in a row on a keyboard row, or long consonant runs: not words, not math.
const keyboard = /qwer|wert|erty|rtyu|tyui|yuio|uiop|asdf|sdfg|dfgh|fghj|ghjk|hjkl|zxcv|xcvb|cvbn|vbnm/i;
const consonants = /[b-df-hj-np-tv-xz]{5,}/i;

/** Checks on the whole response (independent of which answer was extracted). */
export function responseHack(response: string): HackReason | null {
  if (injection.test(response)) return 'prompt-injection';
  if (claim.test(response)) return 'claimed-correctness';
  if (hidden.test(response)) return 'hidden-text';
  if (prefix.test(response)) return 'adversarial-prefix';
  return null;
}

/** Checks on the extracted answer; `gold` decides whether words or units can be a real answer. */
export function answerHack(answer: string, gold: string): HackReason | null {
  const a = answer.trim();
  if (a === '' || /^\\?[{}]?\s*\\?[{}]?$/.test(a) || /^(?:\\[,;!:\s]|\s)*$/.test(a)) return 'empty-answer';
  if (markup.test(a)) return 'markup-in-answer';
  const plain = a.replace(/\\[a-zA-Z]+/g, ' ');
  if (!/[\p{L}\p{N}]/u.test(plain) && !/\\(?:infty|pi|emptyset|varnothing)/.test(a)) return 'symbol-only-answer';
  const words = plain.match(/[A-Za-z]{2,}/g) ?? [];
  const goldWords = gold.replace(/\\[a-zA-Z]+/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
  const goldHedges = hedge.test(gold);
  if (!goldHedges && hedge.test(a.replace(/\\[a-zA-Z]+/g, ' '))) return 'hedged-answer';
  if (words.some((w) => keyboard.test(w) || consonants.test(w)) || /([^\d\s])\1{4,}/.test(a)) {
    if (!goldWords.some((w) => keyboard.test(w) || consonants.test(w))) return 'gibberish-answer';
  }
  if (/\d/.test(gold) && unitOnly.test(a) && words.length > 0) return 'unit-only-answer';
  // An explanation in place of an answer ("the value obtained by adding both sides").
  if (words.length >= 4 && goldWords.length === 0 && !/\d/.test(plain)) return 'prose-answer';
  return null;
}
