import t from 'tap';
import { testAdapter } from '../support/adapter-conformance.js';

// onnx: against the adapter contract, on the reference encoder models/mini-bert on the CPU. Exact:
// rows are padded only within their own length bucket and every row's arithmetic is the same
// whatever shares its batch, so the CPU gives bit-identical scores (local-invariance.test.ts checks
// that on 200 texts). No independent formula for a network's output, so order rests on invariance.

void testAdapter(t, {
  name: 'onnx:models/mini-bert (cpu)',
  spec: 'onnx:models/mini-bert?device=cpu',
  capabilities: {
    invariance: 'exact',
    outputOptions: [
      'dtype=fp16',
      'maxLength=32',
      'truncate=end',
      'addSpecialTokens=false',
      'label=1',
      `chatTemplate=${encodeURIComponent('{% for m in messages %}{{ m.content }}{% endfor %}')}`,
    ],
    // The defaults written out: the fingerprint must hold resolved values, not the spec's text.
    neutralOptions: ['maxBatch=3&tokenBudget=300&workers=1&threads=1', 'dtype=fp32&truncate=start&input=pair&batchSize=2'],
    unchecked: { device: 'the checks run on the CPU; the device is not part of the fingerprint' },
    misspelt: ['maxBatc', 'maxBatch'],
  },
});
