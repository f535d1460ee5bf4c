import { fingerprintOf } from '../core/canonical.js';
import { ModelError, UsageError } from '../core/errors.js';
import { addSecret, redact } from '../core/safe-text.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { ChatMessage, PairRequest, RewardModel, ScoreRequest } from '../core/types.js';
import { HttpStatusError, ServedClient } from './http/client.js';
import { bad, clientOptionDefs, clientOptions, discoverOpenAI, parseEndpoints } from './http/served.js';
import { FALLBACK_RATING, JUDGE_PROMPT_VERSION, pairwisePrompt, parseRating, parseVerdict, pointwisePrompt } from './judge-prompts.js';

/** How much of a judge's reply an example's note keeps (the end, where the verdict is). */
const EXPLAIN_CHARS = 600;

/**
 * A generative reward model ("LLM as a judge") behind an OpenAI-compatible
 * `POST /v1/chat/completions` (vLLM, SGLang, llama.cpp, OpenAI, …). The prompts are fixed and
 * versioned in judge-prompts.ts.
 *
 * - pointwise (default): each response is rated 1–10; the score is the last `Rating: N` in the
 *   reply. An unparseable reply scores 5.5 (the scale midpoint; the runner rejects NaN) and is
 *   counted in the model's warnings.
 * - pairwise: `compare` asks both orders (a as A, then b as A). P(a ≻ b) is 1 if both prefer a,
 *   0 if both prefer b, 0.5 when the verdict flips with order (counted as position bias, as
 *   JudgeBench does) or when a verdict cannot be parsed (counted too).
 *
 * The API key is read only from the environment variable named by `keyEnv=` and sent as
 * `Authorization: Bearer …`; it is not in the fingerprint, and is redacted from error messages.
 */
export default defineAdapter({
  id: 'openai-judge',
  description: 'generative judge over an OpenAI-compatible /v1/chat/completions (pointwise 1–10 rating or pairwise [[A]]/[[B]])',
  options: {
    model: opt.string({ description: 'the served model name (default: asked from GET /v1/models)' }),
    mode: opt.enum(['pointwise', 'pairwise'], {
      listed: true,
      default: 'pointwise',
      description: 'pointwise (default: rate each response 1–10) or pairwise (compare two responses, both orders)',
    }),
    keyEnv: opt.string({ description: 'name of the environment variable holding the API key (sent as Authorization: Bearer; never stored)' }),
    temperature: opt.number({ min: 0, default: 0, description: 'sampling temperature (default 0)' }),
    maxTokens: opt.int({ min: 1, description: 'max_tokens per reply (default: the server’s)' }),
    ...clientOptionDefs,
  },
  async create(spec, opts) {
    const { mode, temperature, keyEnv } = opts;
    const maxTokens = opts.maxTokens ?? null;
    let key: string | undefined;
    if (keyEnv !== undefined) {
      key = process.env[keyEnv];
      if (key === undefined || key === '') throw new UsageError(`model "${spec.source}": keyEnv=${keyEnv} names an environment variable that is not set`);
    }
    addSecret(key);
    /** Any failure, with the key taken out of its message (server bodies may echo headers). No cause kept: it holds the raw text. */
    const clean = (what: string, err: unknown): Error => {
      if (err instanceof UsageError) return new UsageError(redact(err.message));
      const msg =
        err instanceof HttpStatusError ? `${err.endpoint} answered ${err.status}: ${err.body.slice(0, 300)}` : err instanceof Error ? err.message : String(err);
      return new ModelError(redact(`model "${spec.source}": ${what}: ${msg}`));
    };

    const base = clientOptions(opts);
    const client = new ServedClient(parseEndpoints(spec), { ...base, ...(key !== undefined && { headers: { authorization: `Bearer ${key}` } }) });
    let model = opts.model;
    if (model === undefined) {
      try {
        model = await discoverOpenAI(client);
      } catch (err) {
        await client.close();
        throw clean('could not discover the served model (GET /v1/models); give it with ?model=', err);
      }
    }
    const served = model;

    const counts = { ratings: 0, unparsedRatings: 0, pairs: 0, flipped: 0, unparsedPairs: 0 };

    async function chat(messages: ChatMessage[]): Promise<string> {
      const body = { model: served, messages, temperature, ...(maxTokens !== null && { max_tokens: maxTokens }) };
      let r;
      try {
        r = await client.send('POST', '/v1/chat/completions', body);
      } catch (err) {
        throw clean('chat completion failed', err);
      }
      const content = (r.json as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw clean('bad reply', bad(`${r.endpoint}/v1/chat/completions returned no choices[0].message.content`, r.json));
      return content;
    }

    async function rate(r: ScoreRequest): Promise<number> {
      const v = parseRating(await chat(pointwisePrompt(r.messages, r.response)));
      counts.ratings++;
      if (v === undefined) {
        counts.unparsedRatings++;
        return FALLBACK_RATING;
      }
      return v;
    }

    async function judge(p: PairRequest): Promise<number> {
      const [first, second] = await Promise.all([chat(pairwisePrompt(p.messages, p.a, p.b)), chat(pairwisePrompt(p.messages, p.b, p.a))]);
      const v1 = parseVerdict(first);
      const v2 = parseVerdict(second);
      counts.pairs++;
      if (v1 === undefined || v2 === undefined) {
        counts.unparsedPairs++;
        return 0.5;
      }
      // In the second order, "A" is b.
      const aFirst = v1 === 'A';
      const aSecond = v2 === 'B';
      if (aFirst && aSecond) return 1;
      if (!aFirst && !aSecond) return 0;
      counts.flipped++;
      return 0.5;
    }

    const m: RewardModel = {
      id: spec.id ?? spec.adapter,
      spec: spec.source,
      fingerprint: fingerprintOf('openai-judge', served, { mode, prompt: JUDGE_PROMPT_VERSION, temperature, maxTokens }),
      batchSize: 16,
      get warnings() {
        const w: string[] = [];
        if (counts.unparsedRatings > 0)
          w.push(
            `${counts.unparsedRatings} of ${counts.ratings} ratings could not be parsed (no "Rating: N" with N in 1–10); they scored ${FALLBACK_RATING}, the scale midpoint`,
          );
        if (counts.flipped > 0) w.push(`${counts.flipped} of ${counts.pairs} pairs flipped with order (position bias); they scored 0.5`);
        if (counts.unparsedPairs > 0)
          w.push(`${counts.unparsedPairs} of ${counts.pairs} pair verdicts could not be parsed (no [[A]] or [[B]]); they scored 0.5 (a tie)`);
        return w;
      },
      dispose: () => client.close(),
    };
    if (mode === 'pointwise') {
      m.score = (batch) => Promise.all(batch.map(rate));
      // The report's drill-down shows why: the judge is asked again for the few examples shown (at
      // temperature 0 the same reply). The runner keeps these notes with the scores and asks only in
      // a run that made model calls, so a rerun from the cache bills nothing. Not counted in the warnings.
      m.explain = (batch) =>
        Promise.all(
          batch.map(async (r) => {
            const reply = redact(await chat(pointwisePrompt(r.messages, r.response))).trim();
            const v = parseRating(reply);
            const text = reply.length > EXPLAIN_CHARS ? `…${reply.slice(-EXPLAIN_CHARS)}` : reply;
            return `judge: ${v === undefined ? `no "Rating: N" (scored ${FALLBACK_RATING})` : `Rating: ${v}`}; reply: ${text}`;
          }),
        );
    } else m.compare = (batch) => Promise.all(batch.map(judge));
    return m;
  },
});
