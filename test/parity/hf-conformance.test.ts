import { join } from 'node:path';
import t from 'tap';
import { testAdapter } from '../support/adapter-conformance.js';
import { parityDir } from '../support/parity.js';
import { referencePython } from '../support/python.js';

// hf: against the adapter contract on the real worker: transformers on torch, CPU, the llama3
// parity fixture. Needs a Python with torch and transformers (CI has none and skips); the Node
// side without torch is test/adapters/hf-conformance.test.ts.

const py = referencePython();

void testAdapter(t, {
  name: 'hf: (transformers on torch, cpu)',
  skip: 'skip' in py ? py.skip : false,
  spec: `hf:${join(parityDir, 'llama3')}?python=${'python' in py ? py.python : ''}&device=cpu`,
  capabilities: {
    invariance: {
      tolerance: 1e-5,
      why: 'torch pads a forward pass to its longest row and its CPU kernels sum in an order that depends on the batch shape, so a row scored in another batch differs in the last bits (hf-batches.test.ts measures the same bound)',
    },
    outputOptions: [
      'maxLength=64',
      'truncate=end',
      'dtype=bfloat16',
      'input=pair',
      'label=1',
      'trustRemoteCode=true',
      'attn=eager',
      `chatTemplate=${encodeURIComponent('{% for m in messages %}{{ m.content }}{% endfor %}')}`,
    ],
    // One worker start for all: real batching (two rows, 64 tokens a pass), a timeout, and the CPU defaults written out.
    neutralOptions: ['maxBatch=2&tokenBudget=64&timeoutMs=600000&dtype=float32&truncate=start&trustRemoteCode=false'],
    unchecked: {
      python: 'one interpreter with torch here; which Python runs is not part of the fingerprint',
      device: 'the checks run on the CPU; the device is not part of the fingerprint (its default dtype is)',
    },
    misspelt: ['maxBatc', 'maxBatch'],
  },
});
