import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { ChatMessage, ScoreRequest, TokenFacts } from '../../core/types.js';
import type { TokenRow } from '../../gpu/feeds.js';

/**
 * How a request becomes token ids for a local model, and the checks that go with it. The rules are
 * RewardBench's classifier pipeline made exact (python/rewardgauge_hf/encode.py is the same in
 * Python, and the parity fixtures hold both to transformers):
 * - `template`: the conversation plus the response as the assistant's turn, rendered with the chat
 *   template and tokenized with the tokenizer's special tokens; a BOS the template wrote and the
 *   tokenizer added again is dropped once (RewardBench masks that duplicate);
 * - `pair`: the prompt's messages joined by blank lines as the first segment and the response as
 *   the second, with the tokenizer's special tokens ([CLS] a [SEP] b [SEP]), as encoder reward
 *   models such as OpenAssistant's DeBERTa were trained.
 * Truncation never cuts the response by default (`start`): the leading special tokens (BOS, [CLS])
 * stay and the conversation loses its beginning. `end` keeps the first `maxLength − 1` tokens and
 * the last one (what rewardgauge did before). Every truncation, and every response it cut, is
 * counted and reported.
 */

/** The part of transformers.js's tokenizer this needs. */
export interface HfTokenizer {
  (
    text: string,
    options: { text_pair?: string | null; add_special_tokens?: boolean; return_tensor: false; return_token_type_ids?: boolean },
  ): {
    input_ids: number[];
    token_type_ids?: number[];
  };
  apply_chat_template(
    conversation: ChatMessage[],
    options: { tokenize: false; add_generation_prompt?: boolean; chat_template?: string | null },
  ): string | unknown;
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
  /** Let the tokenizer add its special tokens; undefined: yes, dropping a BOS the template already wrote. */
  addSpecialTokens?: boolean;
  maxLength: number;
  /** Which end of a too-long input loses tokens (default start: the response survives). */
  truncate?: 'end' | 'start';
}

/** A request's tokens, as the session pool pads them. */
export type Encoded = TokenRow;

const SENTINEL = 'RGSENTINEL7Q';

export class RequestEncoder {
  /** The special tokens a correctly encoded request ends with (e.g. <|eot_id|>, [SEP]); empty if none is expected. */
  readonly expectedEnd: number[];

  /** Special added tokens: the leading ones (BOS, [CLS], <|im_start|>) survive truncation. */
  private readonly special: Set<number>;

  constructor(
    private readonly tok: HfTokenizer,
    readonly settings: EncoderSettings,
  ) {
    this.special = new Set(tok.all_special_ids);
    // A template given in options must render now, at load, not fail on the first request.
    if (settings.form === 'template')
      this.render(
        [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: 'y' },
        ],
        settings.chatTemplate,
      );
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
      const text = this.render(
        [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: SENTINEL },
        ],
        own,
      );
      const after = text.slice(text.lastIndexOf(SENTINEL) + SENTINEL.length);
      tail = after === '' ? [] : this.tok(after, { add_special_tokens: false, return_tensor: false }).input_ids;
    }
    return tail.filter((id) => special.has(id));
  }

  /** The expected end tokens as text, for reports. */
  expectedEndTokens(): string[] {
    return this.expectedEnd.map((id) => this.tok.decode([id], { skip_special_tokens: false }));
  }

  /** Token ids (and segment ids) before truncation. */
  private tokens(r: ScoreRequest, response: string): Encoded {
    if (this.settings.form === 'pair') {
      const prompt = r.messages.map((m) => m.content).join('\n\n');
      const e = this.tok(prompt, {
        text_pair: response,
        add_special_tokens: this.settings.addSpecialTokens ?? true,
        return_tensor: false,
        return_token_type_ids: true,
      });
      return { ids: e.input_ids, ...(e.token_type_ids && { types: e.token_type_ids }) };
    }
    let text: string;
    try {
      text = this.render([...r.messages, { role: 'assistant', content: response }], this.settings.chatTemplate);
    } catch (err) {
      const where = r.key ? `item "${r.key.item}" candidate "${r.key.candidate}"` : `the request with response ${JSON.stringify(r.response.slice(0, 60))}`;
      throw new UsageError(`the chat template rejects the conversation of ${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const ids = this.tok(text, { add_special_tokens: this.settings.addSpecialTokens ?? true, return_tensor: false }).input_ids;
    const bos = this.tok.bos_token_id;
    const doubled = bos !== undefined && bos !== null && ids[0] === bos && ids[1] === bos;
    return { ids: this.settings.addSpecialTokens === undefined && doubled ? ids.slice(1) : ids };
  }

  /**
   * The response's tokens [start, end): where the ids differ from those of the same request with a
   * sentinel response (transformers.js has no offsets). Asked only for inputs that are truncated.
   */
  private responseSpan(r: ScoreRequest, ids: readonly number[]): [number, number] {
    const other = this.tokens(r, SENTINEL).ids;
    let a = 0;
    while (a < ids.length && a < other.length && ids[a] === other[a]) a++;
    let b = 0;
    while (b < ids.length - a && b < other.length - a && ids[ids.length - 1 - b] === other[other.length - 1 - b]) b++;
    return [a, ids.length - b];
  }

  encode(r: ScoreRequest): Encoded & { facts: TokenFacts } {
    let enc = this.tokens(r, r.response);
    const tokens = enc.ids.length;
    const max = this.settings.maxLength;
    let responseCut = false;
    if (tokens > max) {
      let drop: [number, number];
      if (this.settings.truncate === 'end') {
        drop = [max - 1, tokens - 1];
      } else {
        let head = 0;
        while (head < tokens && this.special.has(enc.ids[head]!)) head++;
        head = Math.min(head, max - 1);
        drop = [head, tokens - (max - head)];
      }
      const [from, to] = drop;
      const [rs, re] = this.responseSpan(r, enc.ids);
      responseCut = re > rs && rs < to && re > from;
      const cut = <T>(xs: readonly T[]): T[] => [...xs.slice(0, from), ...xs.slice(to)];
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
        responseCut,
      },
    };
  }
}

/**
 * The chat template transformers would use for a folder: `chat_template.jinja` (where transformers
 * has saved it since 4.43, and by default in 5.x), with `additional_chat_templates/NAME.jinja`
 * as named ones; else `tokenizer_config.json`'s `chat_template` (a string, or a list of named
 * templates), which transformers.js reads itself. transformers.js does not read the .jinja files,
 * and a decoder scored without its template gets silently wrong rewards.
 */
export function folderChatTemplate(dir: string): string | Record<string, string> | undefined {
  const main = join(dir, 'chat_template.jinja');
  const extra = join(dir, 'additional_chat_templates');
  const named = existsSync(extra)
    ? Object.fromEntries(
        readdirSync(extra)
          .filter((f) => f.endsWith('.jinja'))
          .sort()
          .map((f) => [f.slice(0, -'.jinja'.length), readFileSync(join(extra, f), 'utf8')]),
      )
    : {};
  if (!existsSync(main)) return Object.keys(named).length > 0 ? named : undefined;
  const text = readFileSync(main, 'utf8');
  return Object.keys(named).length > 0 ? { default: text, ...named } : text;
}

/** A tokenizer folder's tokenizer through transformers.js, never from the network; a load failure is a usage error naming the file. */
export async function loadLocalTokenizer(dir: string): Promise<HfTokenizer> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.useFSCache = false;
  let tok: HfTokenizer;
  try {
    tok = (await tf.AutoTokenizer.from_pretrained(dir, { local_files_only: true })) as unknown as HfTokenizer;
  } catch (err) {
    throw new UsageError(`${dir}/tokenizer.json: transformers.js could not load the tokenizer: ${err instanceof Error ? err.message : String(err)}`);
  }
  const template = folderChatTemplate(dir);
  if (template !== undefined) tok.chat_template = template;
  return tok;
}
