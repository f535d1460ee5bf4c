import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { codePoints } from '../support/fake-served.js';
import { clientSettings, fake, plainTemplate } from '../support/served.js';

// vllm: against the adapter contract, on the loopback fake of vLLM's pooling server. Without a
// template the server sees the turns joined by blank lines, and the fake's reward is that text's
// code points; with a tokenizer the rows are token ids, checked by invariance alone.

const joined = (r: ScoreRequest): number => codePoints([...r.messages.map((m) => m.content), r.response].join('\n\n'));
const stepToken = `stepToken=${encodeURIComponent('<|eot_id|>')}`;

void testAdapter(t, {
  name: 'vllm /pooling',
  async setup(t) {
    const f = await fake(t, { kind: 'vllm' });
    return { spec: `vllm:${f.url}`, expected: (r) => joined(r as ScoreRequest), backendCalls: () => f.log.length };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: [
      'endpoint=classify',
      'label=1',
      'model=other/rm',
      'tokenizer=models/mini-llama',
      plainTemplate,
      `task=token_classify&tokenizer=models/mini-llama&${stepToken}`,
    ],
    // bosToken and maxLength apply with a template or tokenizer only, stepLabel with token_classify
    // only; the last are the defaults written out, which the fingerprint must not tell from their absence.
    neutralOptions: [clientSettings, 'batchSize=2', 'bosToken=<s>&maxLength=16&stepLabel=0', 'endpoint=pooling&task=classify&label=0&model=fake/rm-7b'],
    unchecked: {
      stepToken:
        'read by task=token_classify only, yet fingerprinted with classify too: a needless cache miss for a spec nobody writes (the token_classify case checks it)',
    },
    misspelt: ['endpont', 'endpoint'],
  },
});

void testAdapter(t, {
  name: 'vllm token_classify (step scores)',
  async setup(t) {
    const f = await fake(t, { kind: 'vllm' });
    return { spec: `vllm:${f.url}?tokenizer=models/mini-llama&task=token_classify&${stepToken}`, backendCalls: () => f.log.length };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: [
      'stepLabel=0',
      'maxLength=16',
      'model=other/rm',
      'tokenizer=models/mini-bert',
      plainTemplate,
      'task=classify',
      `stepToken=${encodeURIComponent('<|end_of_text|>')}`,
    ],
    neutralOptions: [clientSettings, 'batchSize=2', 'bosToken=<s>', 'stepLabel=1&endpoint=pooling'],
    unchecked: {
      label:
        'read by task=classify only, yet fingerprinted with token_classify too; leaving it out now would invalidate every cached PRM score, for a spec nobody writes',
    },
    misspelt: ['stepToke', 'stepToken'],
  },
});
