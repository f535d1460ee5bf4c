// dpo: on hf: (transformers in the Python worker) against the same references as dpo-parity.test.ts,
// within 1e-5; a file of its own because each hf: member starts a Python worker (about 2 minutes in
// all). Skips without a Python that has torch and transformers (CI).
process.env.RG_DPO_PARITY_ADAPTER = 'hf';
await import('./dpo-parity.test.js');
