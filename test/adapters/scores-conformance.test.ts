import t from 'tap';
import type { PairRequest, ScoreRequest } from '../../src/core/types.js';
import { defaultPairs, defaultRequests, testAdapter } from '../support/adapter-conformance.js';
import { tmp, writeJsonl } from '../support/helpers.js';

// scores: against the adapter contract, on a rewardgauge scores.jsonl holding two models on two
// suites: the expected answers are the numbers written into the file, and ?model= and ?suite=
// pick whose they are (model b and suite other hold other numbers).

const scoreOf = (model: string, suite: string, i: number): number =>
  model === 'a' && suite === 'pairwise' ? ((i * 7) % 10) + i / 4 : -i - (model === 'a' ? 0 : 100);
const verdictOf = (model: string, suite: string, i: number): number => (model === 'a' && suite === 'pairwise' ? [1, 0, 0.25, 1, 0, 0.75, 0.5][i]! : 1 - i / 10);
const index = (item: string): number => Number(item.slice(1));

function scoresFile(dir: string): string {
  const rows = ['a', 'b'].flatMap((model) =>
    ['pairwise', 'other'].flatMap((suite) => [
      ...defaultRequests.map((r, i) => ({ model, suite, key: r.key!.item, scores: { [r.key!.candidate]: scoreOf(model, suite, i) } })),
      ...defaultPairs.map((p, i) => ({ model, suite, key: p.key!.item, verdicts: { [`${p.key!.a}>${p.key!.b}`]: verdictOf(model, suite, i) } })),
    ]),
  );
  return writeJsonl(dir, 'scores.jsonl', rows);
}

// (In a file with one suite, ?suite= naming it changes no score yet changes the fingerprint, which
// holds the options as written: a cache miss that costs a table lookup, left as it is.)
const capabilities = {
  invariance: 'exact' as const,
  outputOptions: ['model=b', 'suite=other'],
  neutralOptions: ['batchSize=2', 'probabilities=true'],
  misspelt: ['modle', 'model'] as const,
};

void testAdapter(t, {
  name: 'scores (scores.jsonl, score)',
  setup: async (t) => ({
    spec: `scores:${scoresFile(tmp(t))}?model=a&suite=pairwise`,
    expected: (r) => scoreOf('a', 'pairwise', index((r as ScoreRequest).key!.item)),
  }),
  capabilities,
});

void testAdapter(t, {
  name: 'scores (scores.jsonl, compare)',
  setup: async (t) => ({
    spec: `scores:${scoresFile(tmp(t))}?model=a&suite=pairwise`,
    expected: (r) => verdictOf('a', 'pairwise', index((r as PairRequest).key!.item)),
  }),
  capabilities: { ...capabilities, kind: 'compare' },
});
