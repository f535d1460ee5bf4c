import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScoreRequest } from '../../src/core/types.js';
import { root } from './helpers.js';

/**
 * The DPO parity fixtures (scripts/parity/generate_dpo.py): tiny random-weight causal-LM policy and
 * reference pairs of real architectures, with the implicit rewards transformers gives them the way
 * RewardBench's DPO inference computes them (scripts/parity/dpo_reference.py).
 */

export const dpoParityDir = process.env.RG_PARITY_DPO_DIR ?? join(root, 'test', 'fixtures', 'parity-dpo');

export interface DpoEntry {
  id: string;
  ids?: number[];
  responseStart?: number;
  stepEnds?: number[];
  truncated?: boolean;
  responseCut?: boolean;
  /** β = 1: the log-ratio and RewardBench's reference-free forms of the policy alone. */
  rewards?: { ratio: number; sum: number; avg: number; norm: number };
  /** PRIME: per step, Σ (log π − log π_ref) over the step's tokens. */
  steps?: number[];
  error?: string;
}

export interface DpoPair {
  name: string;
  dir: string;
  maxLength: number;
  maxPromptLength: number;
  entries: DpoEntry[];
}

export interface DpoRequest extends ScoreRequest {
  id: string;
  kind: string;
}

export function dpoRequests(): DpoRequest[] {
  return readFileSync(join(dpoParityDir, 'requests.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = JSON.parse(l) as { id: string; kind: string; messages: ScoreRequest['messages']; response: string; steps?: string[] };
      return {
        id: r.id,
        kind: r.kind,
        messages: r.messages,
        response: r.response,
        ...(r.steps && { context: { steps: r.steps } }),
        key: { item: r.id, candidate: 'response' },
      };
    });
}

export function dpoPairs(): DpoPair[] {
  if (!existsSync(dpoParityDir)) return [];
  return readdirSync(dpoParityDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dpoParityDir, e.name, 'reference.json')))
    .map((e) => {
      const dir = join(dpoParityDir, e.name);
      const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Omit<DpoPair, 'name' | 'dir'>;
      return { ...ref, name: e.name, dir };
    });
}

/** The spec of a pair's dpo: model on an adapter (`ort` or `hf`), with the fixture's truncation and extra options. */
export function dpoSpec(p: DpoPair, adapter: string, extra = '', memberOptions = 'device=cpu'): string {
  const limits = `maxLength=${p.maxLength};maxPromptLength=${p.maxPromptLength}`;
  const policy = `${adapter}:${p.dir}/policy?${memberOptions}`;
  const reference = extra.includes('refFree') ? '' : `,${adapter}:${p.dir}/reference?${memberOptions}`;
  return `dpo:(${policy}${reference};${limits}${extra ? `;${extra}` : ''})`;
}
