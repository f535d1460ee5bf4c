import t from 'tap';
import { testAdapter } from '../support/adapter-conformance.js';

// dpo: against the adapter contract on the tiny Qwen2 policy/reference pair of the DPO parity
// fixtures (ort:, CPU). Exact: each member pads a row to its own length bucket and runs a lone row
// beside a copy of itself (local/causal-model.ts), so a row's log-probabilities do not depend on
// what shares its batch, and dpo: adds them up in a fixed order.

const pair = 'test/fixtures/parity-dpo/qwen2-dpo';
const members = 'device=cpu&workers=1';

void testAdapter(t, {
  name: 'dpo:(ort: policy, ort: reference)',
  spec: `dpo:(ort:${pair}/policy?${members},ort:${pair}/reference?${members})`,
  capabilities: {
    invariance: 'exact',
    // maxLength=40 truncates the default requests (the Qwen2.5 template's system prompt alone is ~20 tokens).
    outputOptions: ['beta=0.5', 'maxLength=40', 'maxLength=40&maxPromptLength=8'],
    neutralOptions: ['beta=1&maxLength=2048&maxPromptLength=128'],
    unchecked: { refFree: 'refused beside a reference; the reference-free case below checks it' },
    misspelt: ['bta', 'beta'],
  },
});

void testAdapter(t, {
  name: 'dpo:(ort: policy;refFree=avg)',
  spec: `dpo:(ort:${pair}/policy?${members};refFree=avg)`,
  capabilities: {
    invariance: 'exact',
    outputOptions: ['beta=2', 'maxLength=40'],
    neutralOptions: ['beta=1&maxPromptLength=128'],
    unchecked: { refFree: 'given inside the parentheses here; sum, avg and norm are each checked against transformers in test/parity/dpo-parity.test.ts' },
    misspelt: ['maxLen', 'maxLength'],
  },
});
