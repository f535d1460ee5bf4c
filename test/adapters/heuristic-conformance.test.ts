import t from 'tap';
import { testAdapter } from '../support/adapter-conformance.js';

// heuristic: against the adapter contract. length is checked against a brute-force count of code
// points; random has no independent formula, so its order is checked by invariance alone.
// constant is left out: one value for every request cannot show a reordering.

const codePoints = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!(s.charCodeAt(i) >= 0xdc00 && s.charCodeAt(i) <= 0xdfff)) n++;
  return n;
};

void testAdapter(t, {
  name: 'heuristic:length',
  spec: 'heuristic:length',
  expected: (r) => codePoints((r as { response: string }).response),
  capabilities: {
    invariance: 'exact',
    // length has no option that changes its scores.
    outputOptions: [],
    // seed and value belong to random and constant.
    neutralOptions: ['delayMs=1', 'batchSize=2', 'seed=8&value=3'],
    misspelt: ['delay', 'delayMs'],
  },
});

void testAdapter(t, {
  name: 'heuristic:random',
  spec: 'heuristic:random',
  // seed=0 is the run seed the checks load with: the same scores, so the same fingerprint.
  capabilities: {
    invariance: 'exact',
    outputOptions: ['seed=8'],
    neutralOptions: ['delayMs=1', 'batchSize=2', 'seed=0', 'value=3'],
    misspelt: ['sed', 'seed'],
  },
});
