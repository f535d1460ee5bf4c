import { UsageError } from '../../core/errors.js';
import type { ChatMessage, ScoreRequest, TokenFacts } from '../../core/types.js';
import type { TokenRow } from '../../gpu/feeds.js';

/**
 * How a request becomes token ids for a local model, and the checks that go with it. Two forms:
 * - `template`: the conversation plus the response as the assistant's turn, rendered with the
 *   chat template and tokenized without adding special tokens (the template writes them; adding
 *   them again is how published RewardBench runs got a doubled BOS);
 * - `pair`: the prompt's messages joined by blank lines as the first segment and the response as
 *   the second, with the tokenizer's special tokens ([CLS] a [SEP] b [SEP]), as encoder reward
 *   models such as OpenAssistant's DeBERTa were trained.
 * Truncation (`truncate: 'end'`) keeps the first `maxLength − 1` tokens and the last one, so the
 * end-of-sequence or end-of-turn token the model pools on survives; `truncate: 'start'` keeps the
 * first token (BOS or [CLS]) and the last `maxLength − 1`, so a long prompt loses its beginning
 * and the response survives. Every truncation is counted and reported.
 */

/** The part of transformers.js's tokenizer this needs. */
export interface HfTokenizer {
  (text: string, options: { text_pair?: string | null; add_special_tokens?: boolean; return_tensor: false; return_token_type_ids?: boolean }): {
    input_ids: number[];
    token_type_ids?: number[];
  };
  apply_chat_template(conversation: ChatMessage[], options: { tokenize: false; add_generation_prompt?: boolean; chat_template?: string | null }): string | unknown;
  chat_template: unknown;
  bos_token_id?: number | null;
  all_special_ids: number[];
  pad_token_id?: number | null;
  unk_token_id?: number | null;
  model_max_length: number;
  decode(ids: readonly number[], options?: { skip_special_tokens?: boolean }): string;
}

export type InputForm = 'template' | 'pair';

export interface EncoderSettings {
  form: InputForm;
  /** A chat template given in options; otherwise the tokenizer's own. */
  chatTemplate?: string;
  addSpecialTokens: boolean;
  maxLength: number;
  /** Which end of a too-long input loses tokens (default end). */
  truncate?: 'end' | 'start';
}

/** A request's tokens, as the session pool pads them. */
export type Encoded = TokenRow;


const SENTINEL = 'RGSENTINEL7Q';

export class RequestEncoder {
  /** The special tokens a correctly encoded request ends with (e.g. <|eot_id|>, [SEP]); empty if none is expected. */
  readonly expectedEnd: number[];

  constructor(
    private readonly tok: HfTokenizer,
    readonly settings: EncoderSettings,
  ) {
    // A template given in options must render now, at load, not fail on the first request.
    if (settings.form === 'template') this.render([{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y' }], settings.chatTemplate);
    this.expectedEnd = this.findExpectedEnd();
  }

  private render(messages: ChatMessage[], template?: string): string {
    const text = this.tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt: false, chat_template: template ?? null });
    if (typeof text !== 'string') throw new Error('the chat template did not render to text');
    return text;
  }

  /**
   * The end the model's own conventions call for: the special tokens its chat template writes after
   * an assistant turn, or in pair form the ones the tokenizer appends.
   */
  private findExpectedEnd(): number[] {
    // [UNK] is special but no end marker (the sentinel may tokenize to it).
    const special = new Set(this.tok.all_special_ids.filter((id) => id !== this.tok.unk_token_id));
    let tail: number[];
    if (this.settings.form === 'pair') {
      tail = this.tok('x', { text_pair: SENTINEL, return_tensor: false }).input_ids.slice(-2);
    } else {
      const hasOwn = this.tok.chat_template !== null && this.tok.chat_template !== undefined;
      if (!hasOwn && this.settings.chatTemplate === undefined) return [];
      // The model's own template says what a turn ends with, even when another one renders.
      const own = hasOwn ? undefined : this.settings.chatTemplate;
      const text = this.render([{ role: 'user', content: 'x' }, { role: 'assistant', content: SENTINEL }], own);
      const after = text.slice(text.lastIndexOf(SENTINEL) + SENTINEL.length);
      tail = after === '' ? [] : this.tok(after, { add_special_tokens: false, return_tensor: false }).input_ids;
    }
    return tail.filter((id) => special.has(id));
  }

  /** The expected end tokens as text, for reports. */
  expectedEndTokens(): string[] {
    return this.expectedEnd.map((id) => this.tok.decode([id], { skip_special_tokens: false }));
  }

  encode(r: ScoreRequest): Encoded & { facts: TokenFacts } {
    let enc: Encoded;
    if (this.settings.form === 'template') {
      const text = this.render([...r.messages, { role: 'assistant', content: r.response }], this.settings.chatTemplate);
      enc = { ids: this.tok(text, { add_special_tokens: this.settings.addSpecialTokens, return_tensor: false }).input_ids };
    } else {
      const prompt = r.messages.map((m) => m.content).join('\n\n');
      const e = this.tok(prompt, { text_pair: r.response, add_special_tokens: this.settings.addSpecialTokens, return_tensor: false, return_token_type_ids: true });
      enc = { ids: e.input_ids, ...(e.token_type_ids && { types: e.token_type_ids }) };
    }
    const tokens = enc.ids.length;
    const max = this.settings.maxLength;
    if (tokens > max) {
      const cut = <T>(xs: readonly T[]): T[] =>
        this.settings.truncate === 'start' ? [xs[0]!, ...xs.slice(xs.length - (max - 1))] : [...xs.slice(0, max - 1), xs[xs.length - 1]!];
      enc = { ids: cut(enc.ids), ...(enc.types && { types: cut(enc.types) }) };
    }
    const bos = this.tok.bos_token_id;
    const ids = enc.ids;
    const end = this.expectedEnd;
    // The expected end tokens must all be among the last few positions (a template may add "\n").
    const tail = ids.slice(-(end.length + 2));
    return {
      ...enc,
      facts: {
        tokens,
        truncated: tokens > max,
        duplicatedBos: bos !== undefined && bos !== null && ids[0] === bos && ids[1] === bos,
        missingEnd: end.length === 0 ? undefined : !end.every((id) => tail.includes(id)),
      },
    };
  }
}

/** A tokenizer folder's tokenizer through transformers.js, never from the network; a load failure is a usage error naming the file. */
export async function loadLocalTokenizer(dir: string): Promise<HfTokenizer> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.useFSCache = false;
  try {
    return (await tf.AutoTokenizer.from_pretrained(dir, { local_files_only: true })) as unknown as HfTokenizer;
  } catch (err) {
    throw new UsageError(`${dir}/tokenizer.json: transformers.js could not load the tokenizer: ${err instanceof Error ? err.message : String(err)}`);
  }
}
