import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { caseOf, mathRequests } from '../support/adapter-conformance/math-cases.js';

// hybrid against the adapter contract: verifier:math first; where it found an answer that is not
// equivalent, heuristic:length decides (≥ 20 code points counts as correct), so the expected
// answers follow from the cases' known verdicts and a count of code points.

const THRESHOLD = 20;
const expected = (r: ScoreRequest): number => {
  const c = caseOf(r);
  if (c.correct) return 1;
  return c.extracted && [...r.response].length >= THRESHOLD ? 1 : 0;
};

void testAdapter(t, {
  name: 'hybrid:(verifier:math,heuristic:length)',
  spec: `hybrid:(verifier:math,heuristic:length)?threshold=${THRESHOLD}`,
  requests: mathRequests,
  expected: (r) => expected(r as ScoreRequest),
  capabilities: { invariance: 'exact', outputOptions: ['threshold=5'], neutralOptions: ['batchSize=2', 'threshold=20.0'], misspelt: ['treshold', 'threshold'] },
});
