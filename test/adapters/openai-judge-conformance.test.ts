import t from 'tap';
import type { PairRequest, ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { clientSettings } from '../support/served.js';

// openai-judge: against the adapter contract, on the loopback OpenAI-compatible fake, whose judge
// rates a response by its length in code points (clamped to 1–10) and prefers the longer of two
// (A on equal lengths, so an equal pair flips with order and scores 0.5).

const len = (s: string): number => [...s].length;
process.env.RG_CONFORMANCE_KEY = 'sk-conformance';

const neutralOptions = [clientSettings, 'keyEnv=RG_CONFORMANCE_KEY', 'batchSize=2'];

void testAdapter(t, {
  name: 'openai-judge pointwise',
  async setup(t) {
    const f = await startFakeOpenAI();
    t.teardown(() => f.close());
    const rating = (r: ScoreRequest) => Math.min(10, Math.max(1, len(r.response)));
    return { spec: `openai-judge:${f.url}`, expected: (r) => rating(r as ScoreRequest), backendCalls: () => f.chats().length };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: ['temperature=0.5', 'maxTokens=64', 'mode=pairwise', 'model=other/judge'],
    neutralOptions: [...neutralOptions, 'mode=pointwise&temperature=0'],
    misspelt: ['temprature', 'temperature'],
  },
});

void testAdapter(t, {
  name: 'openai-judge pairwise',
  async setup(t) {
    const f = await startFakeOpenAI();
    t.teardown(() => f.close());
    const p = (r: PairRequest) => (len(r.a) > len(r.b) ? 1 : len(r.a) < len(r.b) ? 0 : 0.5);
    return { spec: `openai-judge:${f.url}?mode=pairwise`, expected: (r) => p(r as PairRequest), backendCalls: () => f.chats().length };
  },
  capabilities: {
    kind: 'compare',
    invariance: 'exact',
    outputOptions: ['temperature=0.5', 'maxTokens=64', 'mode=pointwise', 'model=other/judge'],
    neutralOptions,
    misspelt: ['mod', 'mode'],
  },
});
