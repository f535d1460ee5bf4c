import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fingerprintOf } from '../core/canonical.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import { ModelError, RewardgaugeError, UsageError } from '../core/errors.js';
import { addSecret, redact } from '../core/safe-text.js';
import type { LogprobRequest, ScoreRequest } from '../core/types.js';
import { HttpStatusError, ServedClient } from './http/client.js';
import { completionsBody, logprobShapes, readPromptLogprobs } from './http/prompt-logprobs.js';
import { clientOptionDefs, clientOptions, discoverOpenAI, parseEndpoints } from './http/served.js';
import { CausalEncoder, type CausalTokenizer, tokenizerDigest } from './local/causal-encoder.js';
import { notARewardModel } from './local/causal-model.js';
import { loadLocalTokenizer } from './local/text.js';

/**
 * A causal LM behind an OpenAI-compatible completions endpoint that returns prompt log-probs
 * (`vllm serve MODEL`), as a policy or reference of `dpo:`. Tokenization stays on the client: the
 * local tokenizer folder given with `?tokenizer=` makes the ids exactly as `ort:`/`hf:` do
 * (local/causal-encoder.ts, RewardBench's DPO tokenization), and the server is sent those ids, so
 * policy and reference score the same tokens whatever the servers' own templates or BOS habits.
 *
 * The fingerprint is the served model's name, the tokenizer files and chat template that make the
 * ids, and the response shape; not the URL (replicas and moved servers share cached scores), nor
 * batching, concurrency or retries. The name stands for the weights, which a client cannot see:
 * serving other weights under the same name needs `?model=` renamed (or the cache cleared). The
 * shape is in it because the two shapes are two code paths on the server, not promised equal.
 */
const options = {
  model: opt.string({ description: 'the served model name (default: asked from GET /v1/models)' }),
  tokenizer: opt.string({
    description:
      "required: a local copy of the served model's tokenizer folder (tokenizer.json, tokenizer_config.json, chat template); it makes the token ids sent",
  }),
  chatTemplate: opt.template({ description: "a Jinja chat template, or a file holding one, instead of the tokenizer folder's" }),
  shape: opt.enum(logprobShapes, {
    listed: true,
    default: 'prompt_logprobs',
    description: "prompt_logprobs (default: vLLM's prompt_logprobs=0, max_tokens=1) or echo (legacy OpenAI: echo=true, logprobs=0, max_tokens=0)",
  }),
  promptsPerRequest: opt.int({
    min: 1,
    default: 8,
    description: 'token-id prompts per completions request (default 8); requests go out concurrently up to inFlight per endpoint',
  }),
  keyEnv: opt.string({ description: 'name of the environment variable holding the API key (sent as Authorization: Bearer; never stored)' }),
  ...clientOptionDefs,
};

const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');

/** The files that decide the ids: vocabulary, merges, normalizer (tokenizer.json), BOS/EOS and template. */
function tokenizationFiles(dir: string): [string, string][] {
  return ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja']
    .filter((f) => existsSync(join(dir, f)))
    .map((f) => [f, sha(readFileSync(join(dir, f)))]);
}

export default defineAdapter({
  id: 'openai-logprobs',
  description: 'causal LM served by an OpenAI-compatible /v1/completions with prompt log-probs (vLLM): a policy or reference for dpo:',
  options,
  async create(spec, opts, ctx) {
    const where = `model "${spec.source}"`;
    if (opts.tokenizer === undefined)
      throw new UsageError(
        `${where}: openai-logprobs needs ?tokenizer=DIR, a local copy of the served model's tokenizer folder (tokenizer.json, tokenizer_config.json, chat template): dpo: tokenizes on the client and sends token ids, as it does for ort: and hf:`,
      );
    const dir = resolve(ctx.cwd, opts.tokenizer);
    for (const f of ['tokenizer.json', 'tokenizer_config.json'])
      if (!existsSync(join(dir, f))) throw new UsageError(`${where}: tokenizer folder ${dir} has no ${f}`);
    const tok = (await loadLocalTokenizer(dir)) as CausalTokenizer;
    const encoder = new CausalEncoder(tok, where, opts.chatTemplate);
    const tokenizer = tokenizerDigest(dir);

    let key: string | undefined;
    if (opts.keyEnv !== undefined) {
      key = process.env[opts.keyEnv];
      if (key === undefined || key === '') throw new UsageError(`${where}: keyEnv=${opts.keyEnv} names an environment variable that is not set`);
      addSecret(key);
    }
    const client = new ServedClient(parseEndpoints(spec), {
      ...clientOptions(opts),
      ...(key !== undefined && { headers: { authorization: `Bearer ${key}` } }),
    });
    const failure = (what: string, err: unknown): RewardgaugeError => {
      if (err instanceof RewardgaugeError) return err;
      const msg = err instanceof HttpStatusError ? `${err.endpoint} answered ${err.status}: ${err.body.slice(0, 300)}` : String(err);
      return new ModelError(redact(`${where}: ${what}: ${msg}`));
    };
    let served = opts.model;
    if (served === undefined) {
      try {
        // The name is in the fingerprint, so without ?model= the server must answer now.
        served = await discoverOpenAI(client);
      } catch (err) {
        await client.close();
        throw failure('could not ask the served model name (GET /v1/models); give it with ?model=', err);
      }
    }
    const model = served;
    const { shape, promptsPerRequest } = opts;
    const id = spec.id ?? spec.adapter;

    const ask = async (rows: LogprobRequest[]): Promise<number[][]> => {
      let reply;
      try {
        reply = await client.send(
          'POST',
          '/v1/completions',
          completionsBody(
            shape,
            model,
            rows.map((r) => r.ids),
          ),
          { items: rows.length },
        );
      } catch (err) {
        const hint =
          err instanceof HttpStatusError && err.status >= 400 && err.status < 500
            ? ` (a prompt longer than the server's max_model_len: lower dpo:'s maxLength; a server without ${shape === 'echo' ? 'echo' : 'prompt_logprobs'}: try shape=${shape === 'echo' ? 'prompt_logprobs' : 'echo'})`
            : '';
        throw failure(`POST /v1/completions failed${hint}`, err);
      }
      return readPromptLogprobs(shape, reply.json, rows, `${where} (${reply.endpoint}/v1/completions)`);
    };

    return {
      id,
      spec: spec.source,
      fingerprint: fingerprintOf('openai-logprobs', model, { tokenization: 1, shape }, tokenizer, tokenizationFiles(dir), opts.chatTemplate ?? null),
      batchSize: 32,
      score(): Promise<number[]> {
        return Promise.reject(notARewardModel(id, spec.source, `served at ${client.urls.join(', ')}/v1/completions`));
      },
      causal: {
        tokenizer,
        encode: async (batch: ScoreRequest[]) => batch.map((r) => encoder.encode(r)),
        async logprobs(batch: LogprobRequest[]) {
          for (const r of batch)
            if (!(r.responseStart >= 1 && r.responseStart <= r.ids.length))
              throw new ModelError(`model "${id}": responseStart ${r.responseStart} is outside 1..${r.ids.length}`);
          const chunks: LogprobRequest[][] = [];
          for (let s = 0; s < batch.length; s += promptsPerRequest) chunks.push(batch.slice(s, s + promptsPerRequest));
          // All at once: the client bounds what is in flight per endpoint and spreads over replicas.
          return (await Promise.all(chunks.map(ask))).flat();
        },
      },
      dispose: () => client.close(),
    };
  },
});
