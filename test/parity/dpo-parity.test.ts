import t, { type Test } from 'tap';
import { truncate } from '../../src/adapters/implicit/reward.js';
import { CausalEncoder, type CausalTokenizer } from '../../src/adapters/local/causal-encoder.js';
import { loadLocalTokenizer } from '../../src/adapters/local/text.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RawScore, RewardModel } from '../../src/core/types.js';
import { createModel } from '../../src/run/models.js';
import { type DpoEntry, type DpoPair, dpoPairs, dpoRequests, dpoSpec } from '../support/parity-dpo.js';
import { referencePython } from '../support/python.js';

// dpo: on ort: (committed ONNX exports, no Python) and hf: (transformers in the worker, where a
// Python with torch is present) against transformers' implicit rewards computed the RewardBench way
// by scripts/parity/dpo_reference.py: token ids first, then every form and the PRIME step rewards.

const TOLERANCE = { ort: 1e-4, hf: 1e-5 };
// dpo-hf-parity.test.ts runs this file's checks on hf: (about 2 minutes of Python workers).
const ADAPTERS = process.env.RG_DPO_PARITY_ADAPTER === 'hf' ? (['hf'] as const) : (['ort'] as const);
const pairs = dpoPairs();
if (pairs.length === 0) t.fail('no DPO parity fixtures under test/fixtures/parity-dpo: run .venv/bin/python scripts/parity/generate_dpo.py');
const requests = dpoRequests();
const py = ADAPTERS[0] === 'hf' ? referencePython() : { skip: 'ort: only' };

async function load(t: Test, spec: string): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: process.cwd(), device: 'cpu' });
  t.teardown(() => model.dispose?.());
  return model;
}

const worst = (got: RawScore[], want: (number | number[])[]): number =>
  Math.max(
    ...got.map((g, i) => {
      const w = want[i]!;
      return Array.isArray(g) && Array.isArray(w) ? Math.max(...g.map((x, j) => Math.abs(x - w[j]!))) : Math.abs((g as number) - (w as number));
    }),
  );

function cases(p: DpoPair, steps: boolean) {
  const byId = new Map(p.entries.map((e) => [e.id, e]));
  return requests.filter((r) => !!r.context?.steps === steps).map((request) => ({ request, ref: byId.get(request.id)! as Required<DpoEntry> }));
}

for (const p of pairs) {
  if (ADAPTERS[0] === 'ort')
    t.test(`${p.name}: the policy's encoder makes transformers' ids, response starts and step ends`, async (t) => {
      const tok = (await loadLocalTokenizer(`${p.dir}/policy`)) as CausalTokenizer;
      const encoder = new CausalEncoder(tok, p.name);
      for (const { request, ref } of [...cases(p, false), ...cases(p, true)]) {
        const got = truncate(encoder.encode(request), p);
        t.same(
          { ids: got.ids, responseStart: got.responseStart, stepEnds: got.stepEnds, responseCut: got.responseCut },
          { ids: ref.ids, responseStart: ref.responseStart, stepEnds: ref.stepEnds, responseCut: ref.responseCut },
          `${request.id} (${request.kind})`,
        );
      }
    });

  for (const adapter of ADAPTERS) {
    const skip = adapter === 'hf' && 'skip' in py ? py.skip : false;
    // One session worker per member: parity does not depend on how many there are (local-invariance.test.ts), and each costs a model load.
    const members = adapter === 'hf' && 'python' in py ? `device=cpu&python=${py.python}` : 'device=cpu&workers=1';
    t.test(`${p.name}: dpo: on ${adapter}: equals transformers within ${TOLERANCE[adapter]}`, { skip }, async (t) => {
      const scalar = cases(p, false);
      const stepped = cases(p, true);
      for (const form of ['ratio', 'sum', 'avg', 'norm'] as const) {
        const m = await load(t, dpoSpec(p, adapter, form === 'ratio' ? '' : `refFree=${form}`, members));
        const got = await m.score!(scalar.map((c) => c.request));
        const d = worst(
          got,
          scalar.map((c) => c.ref.rewards[form]),
        );
        t.ok(d <= TOLERANCE[adapter], `${form}: max |reward − transformers| = ${d.toExponential(2)} over ${scalar.length} requests`);
        if (form !== 'ratio') continue;
        const steps = await m.score!(stepped.map((c) => c.request));
        const ds = worst(
          steps,
          stepped.map((c) => c.ref.steps),
        );
        t.ok(ds <= TOLERANCE[adapter], `PRIME steps: max |step reward − transformers| = ${ds.toExponential(2)} over ${stepped.length} requests`);
      }
      if (adapter === 'hf') return; // β is the adapter's arithmetic, checked on ort: (each hf: load starts Python).
      // β scales every form; 0.1 is a typical DPO β.
      const m = await load(t, dpoSpec(p, adapter, 'beta=0.1', members));
      const got = (await m.score!(scalar.map((c) => c.request))) as number[];
      const d = Math.max(...got.map((g, i) => Math.abs(g - 0.1 * scalar[i]!.ref.rewards.ratio)));
      t.ok(d <= TOLERANCE[adapter] / 10, `beta=0.1: 0.1 × the log-ratio (max |diff| ${d.toExponential(2)})`);
    });
  }
}

if (ADAPTERS[0] === 'ort')
  t.test('a causal LM scored alone is a usage error that names dpo:, not a number', async (t) => {
    const p = pairs[0]!;
    const m = await load(t, `ort:${p.dir}/policy?device=cpu`);
    await t.rejects(m.score!([requests[0]!]), { exitCode: 2, message: /causal language model .*dpo:\(ort:.*,REFERENCE_SPEC/ });
  });
