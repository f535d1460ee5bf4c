import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { codePoints } from '../support/fake-served.js';
import { clientSettings, fake, plainTemplate } from '../support/served.js';

// sglang: against the adapter contract, on the loopback fake of SGLang's native /classify; the
// fake's reward is the code points of the turns joined by blank lines (no template given).

void testAdapter(t, {
  name: 'sglang /classify',
  async setup(t) {
    const f = await fake(t, { kind: 'sglang' });
    const expected = (r: ScoreRequest) => codePoints([...r.messages.map((m) => m.content), r.response].join('\n\n'));
    return { spec: `sglang:${f.url}`, expected: (r) => expected(r as ScoreRequest), backendCalls: () => f.log.length };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: ['endpoint=v1', 'label=1', plainTemplate, 'model=other/rm', 'tokenizer=models/mini-llama'],
    // bosToken and maxLength apply with a template or tokenizer only; the last are the defaults written out.
    neutralOptions: [clientSettings, 'batchSize=2', 'bosToken=<s>&maxLength=16', 'endpoint=classify&label=0'],
    misspelt: ['lable', 'label'],
  },
});
