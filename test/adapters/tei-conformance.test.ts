import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { codePoints } from '../support/fake-served.js';
import { clientSettings, fake, plainTemplate } from '../support/served.js';

// tei: against the adapter contract, on the loopback fake of text-embeddings-inference. The fake
// refuses batches over 4 with 413, as --max-client-batch-size does, so the adapter's halving
// is part of what must keep every answer with its request.

void testAdapter(t, {
  name: 'tei /predict, max client batch 4',
  async setup(t) {
    const f = await fake(t, { kind: 'tei', maxBatch: 4 });
    const expected = (r: ScoreRequest) => codePoints([...r.messages.map((m) => m.content), r.response].join('\n\n'));
    return { spec: `tei:${f.url}`, expected: (r) => expected(r as ScoreRequest), backendCalls: () => f.log.length };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: ['truncate=true', 'label=LABEL_1', 'model=other/rm', plainTemplate, 'tokenizer=models/mini-llama'],
    // bosToken and maxLength apply with a template or tokenizer only; truncate=false is the default.
    neutralOptions: [clientSettings, 'batchSize=2', 'bosToken=<s>&maxLength=16', 'truncate=false'],
    misspelt: ['truncat', 'truncate'],
  },
});
