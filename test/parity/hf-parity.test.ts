import t, { type Test } from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RewardModel } from '../../src/core/types.js';
import { parityFixtures, scored } from '../support/parity.js';
import { referencePython } from '../support/python.js';

// hf: runs transformers in the worker this package ships; its scores must be transformers'
// (the committed references) within 1e-5 (batch sizes and resume: hf-batches.test.ts). Needs a
// Python with torch and transformers: CI has none and skips.

const TOLERANCE = 1e-5;
const py = referencePython();
const skip = 'skip' in py ? py.skip : false;
const python = 'python' in py ? py.python : '';
const fixtures = parityFixtures();

async function load(t: Test, spec: string): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: process.cwd(), device: 'cpu' });
  t.teardown(() => model.dispose?.());
  return model;
}

const maxDiff = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

for (const f of fixtures) {
  t.test(`${f.name}: hf: equals transformers`, { skip }, async (t) => {
    for (const [truncate, refs] of [
      ['start', f.scores],
      ['end', f.truncateEnd],
    ] as const) {
      if (!refs) continue;
      const m = await load(t, `hf:${f.dir}?python=${python}&truncate=${truncate}`);
      const cases = scored(f, refs);
      const ok = cases.filter((c) => c.ref.error === undefined);
      const scores = (await m.score!(ok.map((c) => c.request))) as number[];
      t.ok(
        maxDiff(
          scores,
          ok.map((c) => c.ref.score!),
        ) <= TOLERANCE,
        `truncate=${truncate}: max |hf − transformers| = ${maxDiff(
          scores,
          ok.map((c) => c.ref.score!),
        ).toExponential(2)} over ${ok.length}`,
      );
      const facts = (await m.inspect!(ok.map((c) => c.request))).facts;
      t.same(
        facts.map((x) => [x.tokens, x.truncated, x.responseCut]),
        ok.map((c) => [c.ref.tokens, c.ref.truncated, c.ref.responseCut]),
        'length, truncated and response cut, as the generator counted them',
      );
      for (const c of cases.filter((x) => x.ref.error !== undefined)) {
        await t.rejects(
          m.score!([c.request]),
          { exitCode: 2, message: new RegExp(`chat template rejects .*item "${c.request.id}"`) },
          `${c.request.id}: refused, exit 2`,
        );
      }
    }
  });
}
