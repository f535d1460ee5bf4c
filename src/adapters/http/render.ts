import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { ChatMessage, ModelSpec, ScoreRequest, TokenFacts } from '../../core/types.js';
import { type HfTokenizer, loadLocalTokenizer, RequestEncoder } from '../local/text.js';

/**
 * Served models see text (or token ids) rendered here, on the client: with `?tokenizer=DIR` the
 * local tokenizer's chat template (the same RequestEncoder the local adapters use, so the same
 * doubled-BOS and end-token checks run); with `?template=` a Jinja template only; with neither,
 * the turns joined by blank lines (a warning says so).
 */
export interface Rendered {
  text: string;
  ids?: readonly number[];
  facts?: TokenFacts;
}

export interface Renderer {
  /** What goes into the fingerprint: a digest of the template or tokenizer files. */
  identity: Record<string, string | null>;
  encoder?: RequestEncoder;
  tokenizer?: HfTokenizer;
  render(r: ScoreRequest): Rendered;
  warnings: string[];
}

const digest = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** BOS strings of common families: a template that writes one, tokenized again by a server that adds its own, doubles it. */
const BOS_TEXTS = ['<|begin_of_text|>', '<s>', '<bos>', '[CLS]'];

/** The served options rendering reads, parsed (`template` holds the template's text). */
export interface RenderOptions {
  tokenizer?: string | undefined;
  template?: string | undefined;
  bosToken?: string | undefined;
  maxLength?: number | undefined;
}

export async function makeRenderer(spec: ModelSpec, opts: RenderOptions, cwd: string, o: { needIds: boolean; serverAddsSpecial: boolean }): Promise<Renderer> {
  const { template } = opts;
  const warnings: string[] = [];
  const toMessages = (r: ScoreRequest): ChatMessage[] => [...r.messages, { role: 'assistant', content: r.response }];
  if (opts.tokenizer !== undefined) {
    const dir = resolve(cwd, opts.tokenizer);
    for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
      if (!existsSync(join(dir, f))) throw new UsageError(`model "${spec.source}": tokenizer folder ${dir} has no ${f}`);
    }
    const tok = await loadLocalTokenizer(dir);
    const hasTemplate = template !== undefined || (tok.chat_template !== null && tok.chat_template !== undefined);
    const maxLength = opts.maxLength ?? Math.min(tok.model_max_length || 1e9, 1e9);
    let encoder: RequestEncoder;
    try {
      encoder = new RequestEncoder(tok, {
        form: hasTemplate ? 'template' : 'pair',
        ...(template !== undefined && { chatTemplate: template }),
        addSpecialTokens: !hasTemplate,
        maxLength,
      });
    } catch (err) {
      throw new UsageError(`model "${spec.source}": the chat template does not render a conversation: ${err instanceof Error ? err.message : String(err)}`);
    }
    const files = ['tokenizer.json', 'tokenizer_config.json'].map((f) => digest(readFileSync(join(dir, f)))).join(':');
    return {
      // truncate: the encoder keeps the response (the start of the conversation goes) since encoding 2.
      identity: { tokenizer: files, template: template === undefined ? null : digest(template), maxLength: String(maxLength), truncate: 'start' },
      encoder,
      tokenizer: tok,
      warnings,
      render(r) {
        const e = encoder.encode(r);
        return { text: tok.decode(e.ids, { skip_special_tokens: false }), ids: e.ids, facts: e.facts };
      },
    };
  }
  if (o.needIds)
    throw new UsageError(
      `model "${spec.source}": this adapter sends token ids, so it needs ?tokenizer=DIR (a folder with tokenizer.json and tokenizer_config.json)`,
    );
  if (template !== undefined) {
    const { Template } = await import('@huggingface/jinja');
    const compiled = new Template(template);
    const bos = opts.bosToken ?? '';
    let warned = false;
    return {
      identity: { template: digest(template), bosToken: bos },
      warnings,
      render(r) {
        const text = compiled.render({ messages: toMessages(r), bos_token: bos, eos_token: '', add_generation_prompt: false });
        if (!warned && o.serverAddsSpecial && BOS_TEXTS.some((b) => text.startsWith(b))) {
          warned = true;
          warnings.push(
            `the template writes a BOS token and the server tokenizes with its special tokens, so inputs likely start with BOS twice; pass ?tokenizer=DIR to send token ids, or drop {{ bos_token }}`,
          );
        }
        return { text };
      },
    };
  }
  warnings.push('no ?tokenizer= or ?template= given: inputs are the turns joined by blank lines, without the model’s chat template');
  return {
    identity: { template: null },
    warnings,
    render: (r) => ({
      text: toMessages(r)
        .map((m) => m.content)
        .join('\n\n'),
    }),
  };
}
