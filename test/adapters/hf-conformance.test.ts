import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { fake } from '../support/fake-hf-worker.js';

// hf: against the adapter contract, on the fake worker of hf.test.ts (no torch needed): it scores
// a response by its code points and logs every frame, so model calls are counted on its side too.
// The real worker on torch runs the same suite in test/parity/hf-conformance.test.ts.

void testAdapter(t, {
  name: 'hf: (fake worker)',
  async setup(t) {
    const f = fake(t);
    return {
      spec: `hf:rm?python=${f.python}&device=cpu`,
      cwd: f.dir,
      expected: (r) => [...(r as ScoreRequest).response].length,
      backendCalls: () => f.log().filter((l) => l.op === 'score').length,
    };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: [
      'dtype=bfloat16',
      'truncate=end',
      'maxLength=64',
      'input=pair',
      'label=1',
      'trustRemoteCode=true',
      'attn=eager',
      `chatTemplate=${encodeURIComponent('{% for m in messages %}{{ m.content }}{% endfor %}')}`,
    ],
    // The last: the defaults on the CPU written out, which the fingerprint must not tell from their absence.
    neutralOptions: ['tokenBudget=99&maxBatch=3', 'timeoutMs=60000', 'batchSize=2', 'dtype=float32&truncate=start&trustRemoteCode=false'],
    unchecked: {
      python: 'the fake worker is the only interpreter here; which Python runs is not part of the fingerprint',
      device: 'the checks run on the CPU; the device is not part of the fingerprint (its default dtype is)',
    },
    misspelt: ['dtpye', 'dtype'],
  },
});
