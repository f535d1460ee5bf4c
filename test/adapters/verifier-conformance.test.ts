import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { caseOf, mathRequests } from '../support/adapter-conformance/math-cases.js';

// verifier:math against the adapter contract: 1 for a final answer equivalent to the reference,
// else 0, on answers whose verdicts are known by construction.

void testAdapter(t, {
  name: 'verifier:math',
  spec: 'verifier:math',
  requests: mathRequests,
  expected: (r) => (caseOf(r as ScoreRequest).correct ? 1 : 0),
  capabilities: {
    invariance: 'exact',
    outputOptions: ['tolerance=0.01', 'units=strip', 'percent=true'],
    neutralOptions: ['batchSize=2', 'units=keep&percent=false&tolerance=1e-9'],
    misspelt: ['tolerence', 'tolerance'],
  },
});
