import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf } from '../../core/canonical.js';
import { UsageError } from '../../core/errors.js';
import type { ChatMessage, LogprobRequest, ScoreRequest } from '../../core/types.js';
import type { HfTokenizer } from './text.js';

/**
 * How a request becomes the tokens a causal LM is asked about, as RewardBench's DPO inference makes
 * them (rewardbench/dpo.py `tokenize_row` and `build_tokenized_answer`, scripts/run_dpo.py; the
 * README's "Implicit rewards" section and scripts/parity/README.md say it in words):
 * - prompt = the conversation rendered by the chat template *without* a generation prompt; text =
 *   the conversation with the response as the assistant's turn; answer = text with the prompt's
 *   text removed, so the answer starts with the assistant header;
 * - ids = [BOS] + tokens(prompt + answer) + [EOS], tokenized without special tokens; BOS is the
 *   tokenizer's, else its EOS (run_dpo.py does that for Qwen); a template that writes BOS itself
 *   therefore has it twice, as in RewardBench;
 * - the response starts after tokens(prompt), one token earlier when the prompt's last token merged
 *   with the answer's first; every token from there is summed, the header, the end-of-turn tokens,
 *   whatever the template writes after the response and the appended EOS included.
 * With `context.steps` the sum is split per step (PRIME): the first step starts at the first token
 * that reaches into the response's own text (the assistant header is left out), a token belongs to
 * the step its first character is in (a step owns the "\n" after it), and the last step keeps the
 * tokens after the response (end of turn, EOS). transformers.js gives no character offsets, so the
 * boundaries come from tokenizing the text up to each one (the parity fixtures check them against
 * transformers' offsets).
 */

/** What this reads of a transformers.js tokenizer beyond the reward-model encoder's needs. */
export type CausalTokenizer = HfTokenizer & { eos_token_id?: number | null };

const SENTINEL = 'RGSENTINEL7Q';

const commonPrefix = (a: readonly number[], b: readonly number[]): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

function describe(r: ScoreRequest): string {
  return r.key ? `item "${r.key.item}" candidate "${r.key.candidate}"` : `the request with response ${JSON.stringify(r.response.slice(0, 60))}`;
}

export class CausalEncoder {
  private readonly bos: number;
  private readonly eos: number;

  constructor(
    private readonly tok: CausalTokenizer,
    private readonly where: string,
    private readonly chatTemplate?: string,
  ) {
    const eos = tok.eos_token_id;
    if (eos === undefined || eos === null)
      throw new UsageError(`${where}: the tokenizer has no EOS token, which RewardBench's DPO tokenization appends to every response`);
    this.eos = eos;
    this.bos = tok.bos_token_id ?? eos;
    const has = chatTemplate !== undefined || (tok.chat_template !== null && tok.chat_template !== undefined);
    if (!has)
      throw new UsageError(
        `${where}: a causal LM scored by dpo: needs a chat template (chat_template.jinja or tokenizer_config.json); give one with ?chatTemplate=FILE`,
      );
  }

  private ids(text: string): number[] {
    return this.tok(text, { add_special_tokens: false, return_tensor: false }).input_ids;
  }

  private render(messages: ChatMessage[], r: ScoreRequest): string {
    let text: unknown;
    try {
      text = this.tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt: false, chat_template: this.chatTemplate ?? null });
    } catch (err) {
      throw new UsageError(`${this.where}: the chat template rejects the conversation of ${describe(r)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof text !== 'string') throw new UsageError(`${this.where}: the chat template did not render to text`);
    return text;
  }

  encode(r: ScoreRequest): LogprobRequest {
    const turn = (content: string): ChatMessage[] => [...r.messages, { role: 'assistant', content }];
    const prompt = this.render(r.messages, r);
    const text = this.render(turn(r.response), r);
    if (!text.startsWith(prompt)) {
      throw new UsageError(
        `${this.where}: the chat template renders the conversation of ${describe(r)} differently when a response follows, so the response's tokens cannot be told from the prompt's (RewardBench would score the prompt twice)`,
      );
    }
    // RewardBench removes every occurrence of the prompt's text (its issue 140); normally just the leading one.
    const whole = prompt + text.split(prompt).join('');
    const promptIds = this.ids(prompt);
    const full = this.ids(whole);
    const start = promptIds.length - (commonPrefix(promptIds, full) < promptIds.length ? 1 : 0);
    const ids = [this.bos, ...full, this.eos];
    const steps = r.context?.steps;
    if (!steps || steps.length === 0) return { ids, responseStart: 1 + start };

    if (steps.join('\n') !== r.response) throw new UsageError(`${this.where}: the steps of ${describe(r)} joined with "\\n" are not its response`);
    if (whole !== text) throw new UsageError(`${this.where}: the prompt's text occurs again in ${describe(r)}, so its steps cannot be placed`);
    const probe = this.render(turn(SENTINEL), r);
    let cs = 0;
    while (cs < text.length && cs < probe.length && text[cs] === probe[cs]) cs++;
    let tail = 0;
    while (tail < Math.min(text.length, probe.length) - cs && text[text.length - 1 - tail] === probe[probe.length - 1 - tail]) tail++;
    const ce = text.length - tail;
    // A template may trim the response; the steps are placed relative to what it kept.
    const lead = r.response.indexOf(text.slice(cs, ce));
    if (lead < 0) throw new UsageError(`${this.where}: the chat template changes the text of the response of ${describe(r)}, so its steps cannot be placed`);
    /** Tokens of `whole` that start before character p (a token straddling p counts). */
    const before = (p: number): number => {
      const pre = this.ids(whole.slice(0, p));
      const same = commonPrefix(pre, full);
      return pre.length > same ? same + 1 : same;
    };
    const first = commonPrefix(this.ids(whole.slice(0, cs)), full);
    const stepEnds: number[] = [];
    let at = 0;
    for (const s of steps.slice(0, -1)) {
      at += s.length + 1;
      stepEnds.push(1 + before(Math.min(Math.max(cs + at - lead, cs), ce)));
    }
    stepEnds.push(ids.length);
    return { ids, responseStart: 1 + first, stepEnds };
  }
}

/**
 * A digest of a tokenizer's vocabulary and special tokens: tokenizer.json's model (vocabulary,
 * merges) and added tokens; not the chat template, the maximum length or the normalizer's JSON,
 * which policy and reference checkpoints of one family often differ in (transformers 5 rewrites the
 * normalizer of class-built tokenizers when it saves them).
 * Without a tokenizer.json (a slow tokenizer only), the bytes of its vocabulary files.
 */
export function tokenizerDigest(dir: string): string {
  const file = join(dir, 'tokenizer.json');
  if (existsSync(file)) {
    const t = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const added = Array.isArray(t.added_tokens)
      ? (t.added_tokens as { id: number; content: string; special: boolean }[]).map((a) => [a.id, a.content, a.special])
      : [];
    return fingerprintOf('tokenizer', t.model ?? null, added);
  }
  const vocab = ['vocab.json', 'merges.txt', 'tokenizer.model', 'spiece.model', 'vocab.txt', 'added_tokens.json', 'special_tokens_map.json']
    .filter((f) => existsSync(join(dir, f)))
    .map((f) => [f, readFileSync(join(dir, f)).toString('base64')]);
  return fingerprintOf('tokenizer-files', vocab);
}
