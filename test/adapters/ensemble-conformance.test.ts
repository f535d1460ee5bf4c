import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { defaultRequests, testAdapter } from '../support/adapter-conformance.js';
import { tmp, writeJsonl } from '../support/helpers.js';

// ensemble against the adapter contract: uwo over heuristic:length and a scores: file whose
// scores are written here, so each answer is mean − λ·population variance of two known numbers
// (integers, so the formula below is exact in floating point whatever order the members run in).

const fileScore = (item: string): number => 3 * Number(item.slice(1));
const uwo = (x: number, y: number, lambda = 0.5): number => (x + y) / 2 - lambda * ((x - y) / 2) ** 2;

void testAdapter(t, {
  name: 'ensemble:uwo(heuristic:length,scores:FILE)',
  async setup(t) {
    const file = writeJsonl(
      tmp(t),
      'scores.jsonl',
      defaultRequests.map((r) => ({ item: r.key!.item, candidate: r.key!.candidate, score: fileScore(r.key!.item) })),
    );
    return {
      spec: `ensemble:uwo(heuristic:length,scores:${file})`,
      expected: (r) => uwo([...(r as ScoreRequest).response].length, fileScore((r as ScoreRequest).key!.item)),
    };
  },
  capabilities: { invariance: 'exact', outputOptions: ['lambda=0.1'], neutralOptions: ['batchSize=2', 'lambda=0.5'], misspelt: ['lamda', 'lambda'] },
});
