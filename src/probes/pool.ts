import { Type } from '@sinclair/typebox';
import { makeIds, PromptSchema, promptKey, toMessages } from '../benchmarks/common.js';
import { readDataFile } from '../core/data-files.js';
import { DataError, UsageError } from '../core/errors.js';
import type { ChatMessage } from '../core/types.js';
import { validateAt } from '../core/validate.js';

/**
 * A pool: prompts, each with N sampled responses and a gold score per response (a gold RM's
 * score, a verifier's 0/1, a human label). The downstream probes pick among the samples with a
 * proxy RM and read off the gold. Two layouts, recognised from the first record:
 * - ours: `{"prompt": string | messages, "samples": [{"response", "gold", "logprob"?}], "id"?}`;
 * - RL-Verifier-Pitfalls' `math_cot_100_samples.jsonl`: `{"question", "response": [..], "score": [bool..]}`.
 */

export interface PoolSample {
  response: string;
  gold: number;
  logprob?: number;
}

export interface PoolPrompt {
  id: string;
  /** The bootstrap unit: prompts with the same conversation share one. */
  cluster: string;
  messages: ChatMessage[];
  samples: PoolSample[];
  line: number;
}

export interface Pool {
  file: string;
  fingerprint: string;
  format: 'rewardgauge-pool' | 'math-cot-samples';
  prompts: PoolPrompt[];
  /** Samples per prompt (every prompt has the same number). */
  size: number;
}

const Sample = Type.Object({ response: Type.String(), gold: Type.Number(), logprob: Type.Optional(Type.Number()) });
const OurRow = Type.Object({
  id: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Integer()])),
  prompt: PromptSchema,
  samples: Type.Array(Sample, { minItems: 1 }),
});
const CotRow = Type.Object({
  question: Type.String({ minLength: 1 }),
  response: Type.Array(Type.String(), { minItems: 1 }),
  score: Type.Array(Type.Boolean(), { minItems: 1 }),
});

export async function loadPool(file: string): Promise<Pool> {
  const data = await readDataFile(file);
  const first = data.records[0]?.value;
  const cot = first !== null && typeof first === 'object' && 'question' in first && 'score' in first;
  const raw = data.records.map((r) => {
    if (!cot) {
      const row = validateAt(OurRow, r.value, { file, line: r.line });
      return { id: row.id, messages: toMessages(row.prompt), samples: row.samples, line: r.line };
    }
    const row = validateAt(CotRow, r.value, { file, line: r.line });
    if (row.response.length !== row.score.length) {
      throw new DataError({ file, line: r.line, field: 'score' }, `${row.score.length} scores for ${row.response.length} responses`);
    }
    return {
      id: undefined,
      messages: toMessages(row.question),
      samples: row.response.map((response, k) => ({ response, gold: row.score[k] ? 1 : 0 })),
      line: r.line,
    };
  });
  const ids = makeIds(
    file,
    data.records,
    raw.map((r) => r.id),
    'prompt',
  );
  const size = raw[0]?.samples.length ?? 0;
  for (const r of raw) {
    if (r.samples.length !== size) {
      throw new DataError(
        { file, line: r.line, field: cot ? 'response' : 'samples' },
        `${r.samples.length} samples, but the first prompt has ${size}: a pool needs the same N for every prompt`,
      );
    }
  }
  const prompts = raw.map((r, i) => ({ id: ids[i]!, cluster: promptKey(r.messages), messages: r.messages, samples: r.samples, line: r.line }));
  return { file, fingerprint: data.fingerprint, format: cot ? 'math-cot-samples' : 'rewardgauge-pool', prompts, size };
}

/**
 * The pool cut to the first `k` samples of each prompt: samples are exchangeable draws, so this
 * is a smaller pool of the same kind (a cheaper run, with curves up to n = k).
 */
export function firstSamples(pool: Pool, k: number): Pool {
  if (k > pool.size) throw new UsageError(`${pool.file} has ${pool.size} samples per prompt, fewer than the ${k} asked for`);
  if (k === pool.size) return pool;
  return { ...pool, size: k, prompts: pool.prompts.map((p) => ({ ...p, samples: p.samples.slice(0, k) })) };
}
