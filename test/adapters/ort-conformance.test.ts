import t from 'tap';
import { testAdapter } from '../support/adapter-conformance.js';

// ort: against the adapter contract, on the reference decoder models/mini-llama on the CPU; exact
// for the reason given in onnx-conformance.test.ts. The pad id is an output option: the exported
// graph pools at the last token that is not the pad id.

void testAdapter(t, {
  name: 'ort:models/mini-llama (cpu)',
  spec: 'ort:models/mini-llama?device=cpu',
  capabilities: {
    invariance: 'exact',
    outputOptions: [
      'padTokenId=3',
      'maxLength=32',
      'truncate=end',
      'addSpecialTokens=false',
      'label=1',
      `chatTemplate=${encodeURIComponent('{% for m in messages %}{{ m.content }}{% endfor %}')}`,
    ],
    // The defaults written out (1261 is config.json's pad_token_id): the fingerprint must hold resolved values.
    neutralOptions: ['maxBatch=3&tokenBudget=300&workers=1&threads=1', 'padTokenId=1261&truncate=start&input=template&batchSize=2'],
    unchecked: { device: 'the checks run on the CPU; the device is not part of the fingerprint' },
    misspelt: ['padToken', 'padTokenId'],
  },
});
