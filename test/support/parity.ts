import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScoreRequest } from '../../src/core/types.js';
import { root } from './helpers.js';

/**
 * The parity fixtures (scripts/parity/generate.py): tiny random-weight reward models of real
 * architectures with their real tokenizers and chat templates, saved by transformers, exported
 * with `rewardgauge export`, and transformers' own scores for real texts of the built-in suites.
 */

/** RG_PARITY_DIR points the tests at a freshly generated set (scripts/parity/generate.py --out DIR). */
export const parityDir = process.env.RG_PARITY_DIR ?? join(root, 'test', 'fixtures', 'parity');

export interface ReferenceScore {
  id: string;
  ids?: number[];
  tokens?: number;
  truncated?: boolean;
  responseCut?: boolean;
  score?: number;
  /** The chat template refused the conversation (transformers' message). */
  error?: string;
}

export interface Fixture {
  name: string;
  dir: string;
  /** onnx: for encoders (onnx/model.onnx), ort: for decoders (model.onnx). */
  layout: 'onnx' | 'ort';
  form: 'template' | 'pair';
  maxLength: number;
  scores: ReferenceScore[];
  truncateEnd?: ReferenceScore[];
}

export interface ParityRequest extends ScoreRequest {
  id: string;
  kind: string;
}

export function parityRequests(): ParityRequest[] {
  return readFileSync(join(parityDir, 'requests.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = JSON.parse(l) as { id: string; kind: string; messages: ScoreRequest['messages']; response: string };
      return { id: r.id, kind: r.kind, messages: r.messages, response: r.response, key: { item: r.id, candidate: 'response' } };
    });
}

export function parityFixtures(): Fixture[] {
  if (!existsSync(parityDir)) return [];
  return readdirSync(parityDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(parityDir, e.name, 'reference.json')))
    .map((e) => {
      const dir = join(parityDir, e.name);
      const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Omit<Fixture, 'name' | 'dir' | 'layout'>;
      return { ...ref, name: e.name, dir, layout: existsSync(join(dir, 'onnx', 'model.onnx')) ? 'onnx' : 'ort' };
    });
}

/** The requests a fixture scores, with the reference for each. */
export function scored(f: Fixture, refs: readonly ReferenceScore[] = f.scores): { request: ParityRequest; ref: ReferenceScore }[] {
  const byId = new Map(parityRequests().map((r) => [r.id, r]));
  return refs.map((ref) => ({ request: byId.get(ref.id)!, ref }));
}
