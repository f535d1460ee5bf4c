import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { codePoints } from '../support/fake-served.js';
import { fake } from '../support/served.js';

// vllm: against the adapter contract, on the loopback fake of vLLM's pooling server. Without a
// template the server sees the turns joined by blank lines, and the fake's reward is that text's
// code points; with a tokenizer the rows are token ids, checked by invariance alone.

const joined = (r: ScoreRequest): number => codePoints([...r.messages.map((m) => m.content), r.response].join('\n\n'));
// Client settings, and (below) the defaults written out, which the fingerprint must not tell apart from their absence.
const neutralOptions = ['retries=2', 'inFlight=2', 'backoffMs=5', 'timeoutMs=30000', 'batchSize=2'];

void testAdapter(t, {
  name: 'vllm /pooling',
  async setup(t) {
    const f = await fake(t, { kind: 'vllm' });
    return { spec: `vllm:${f.url}`, expected: (r) => joined(r as ScoreRequest), backendCalls: () => f.log.length };
  },
  capabilities: { invariance: 'exact', outputOptions: ['endpoint=classify', 'label=1', 'model=other/rm'], neutralOptions: [...neutralOptions, 'endpoint=pooling&task=classify&label=0&model=fake/rm-7b'], misspelt: ['endpont', 'endpoint'] },
});

void testAdapter(t, {
  name: 'vllm token_classify (step scores)',
  async setup(t) {
    const f = await fake(t, { kind: 'vllm' });
    return { spec: `vllm:${f.url}?tokenizer=models/mini-llama&task=token_classify&stepToken=${encodeURIComponent('<|eot_id|>')}`, backendCalls: () => f.log.length };
  },
  capabilities: { invariance: 'exact', outputOptions: ['stepLabel=0', 'maxLength=16'], neutralOptions: [...neutralOptions, 'stepLabel=1&endpoint=pooling'], misspelt: ['stepToke', 'stepToken'] },
});
