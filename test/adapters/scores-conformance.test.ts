import t from 'tap';
import type { PairRequest, ScoreRequest } from '../../src/core/types.js';
import { defaultPairs, defaultRequests, testAdapter } from '../support/adapter-conformance.js';
import { tmp, writeJsonl } from '../support/helpers.js';

// scores: against the adapter contract, on a rewardgauge scores.jsonl holding two models: the
// expected answers are the numbers written into the file, and ?model= picks whose they are.

const scoreOf = (model: string, i: number): number => (model === 'a' ? ((i * 7) % 10) + i / 4 : -i);
const verdictOf = (model: string, i: number): number => (model === 'a' ? [1, 0, 0.25, 1, 0, 0.75, 0.5][i]! : 1 - i / 10);
const index = (item: string): number => Number(item.slice(1));

function scoresFile(dir: string): string {
  const rows = ['a', 'b'].flatMap((model) => [
    ...defaultRequests.map((r, i) => ({ model, suite: 'pairwise', key: r.key!.item, scores: { [r.key!.candidate]: scoreOf(model, i) } })),
    ...defaultPairs.map((p, i) => ({ model, suite: 'pairwise', key: p.key!.item, verdicts: { [`${p.key!.a}>${p.key!.b}`]: verdictOf(model, i) } })),
  ]);
  return writeJsonl(dir, 'scores.jsonl', rows);
}

// ?suite= naming the file's only suite changes no score, yet the fingerprint holds the options as
// written, not the selection they resolve to: a cache miss that costs a table lookup, so not listed
// as neutral (and not worth invalidating existing caches over).
const capabilities = { invariance: 'exact' as const, outputOptions: ['model=b'], neutralOptions: ['batchSize=2'], misspelt: ['modle', 'model'] as const };

void testAdapter(t, {
  name: 'scores (scores.jsonl, score)',
  setup: async (t) => ({ spec: `scores:${scoresFile(tmp(t))}?model=a`, expected: (r) => scoreOf('a', index((r as ScoreRequest).key!.item)) }),
  capabilities,
});

void testAdapter(t, {
  name: 'scores (scores.jsonl, compare)',
  setup: async (t) => ({ spec: `scores:${scoresFile(tmp(t))}?model=a`, expected: (r) => verdictOf('a', index((r as PairRequest).key!.item)) }),
  capabilities: { ...capabilities, kind: 'compare' },
});
