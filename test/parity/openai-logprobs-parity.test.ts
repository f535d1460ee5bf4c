import t, { type Test } from 'tap';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RawScore, RewardModel } from '../../src/core/types.js';
import { createModel } from '../../src/run/models.js';
import { type LogprobRule, startLogprobsFake } from '../support/fake-served.js';
import { root } from '../support/helpers.js';
import { type DpoEntry, type DpoPair, dpoPairs, dpoRequests } from '../support/parity-dpo.js';

// dpo: over openai-logprobs: members whose fake servers answer with the log-probs of the committed
// ONNX exports (ort:, CPU) of the DPO parity pairs, looked up by the exact ids transformers made:
// the served path must give transformers' implicit rewards (scripts/parity/dpo_reference.py)
// within ort:'s tolerance. An id row transformers did not make is no entry, and the fake refuses it.

const TOLERANCE = 1e-4;
const requests = dpoRequests();

async function load(t: Test, spec: string): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: root, device: 'cpu' });
  t.teardown(() => model.dispose?.());
  return model;
}

/** The ort: export's log p(ids[t] | ids[<t]) for every t ≥ 1 of every reference row, by ids. */
async function table(t: Test, dir: string, rows: number[][]): Promise<LogprobRule> {
  const m = await load(t, `ort:${dir}?device=cpu&workers=1`);
  const lps = await m.causal!.logprobs(rows.map((ids) => ({ ids, responseStart: 1 })));
  const byIds = new Map(rows.map((ids, i) => [JSON.stringify(ids), lps[i]!]));
  return (ids, pos) => {
    const row = byIds.get(JSON.stringify(ids));
    if (!row) throw new Error('ids transformers did not make');
    return row[pos - 1]!;
  };
}

const worst = (got: RawScore[], want: (number | number[])[]): number =>
  Math.max(...got.flatMap((g, i) => (Array.isArray(g) ? g.map((x, j) => Math.abs(x - (want[i] as number[])[j]!)) : [Math.abs(g - (want[i] as number))])));

function cases(p: DpoPair) {
  const byId = new Map(p.entries.map((e) => [e.id, e]));
  return requests.filter((r) => byId.get(r.id)?.ids).map((request) => ({ request, ref: byId.get(request.id) as Required<DpoEntry> }));
}

for (const p of dpoPairs()) {
  t.test(`${p.name}: dpo: over openai-logprobs: serving the ort: log-probs equals transformers within ${TOLERANCE}`, async (t) => {
    const all = cases(p);
    const rows = all.map((c) => c.ref.ids);
    const policy = await startLogprobsFake({ rule: await table(t, `${p.dir}/policy`, rows), model: 'policy' });
    const reference = await startLogprobsFake({ rule: await table(t, `${p.dir}/reference`, rows), model: 'reference' });
    t.teardown(() => Promise.all([policy.close(), reference.close()]));
    const member = (url: string, role: string) => `openai-logprobs:${url}?model=${role}&tokenizer=${p.dir}/${role}`;
    const limits = `maxLength=${p.maxLength};maxPromptLength=${p.maxPromptLength}`;
    const ratio = await load(t, `dpo:(${member(policy.url, 'policy')},${member(reference.url, 'reference')};${limits})`);
    const got = await ratio.score!(all.map((c) => c.request));
    const want = all.map((c) => (c.request.context?.steps ? c.ref.steps : c.ref.rewards.ratio));
    const d = worst(got, want);
    t.ok(d <= TOLERANCE, `ratio and PRIME steps: max |reward − transformers| = ${d.toExponential(2)} over ${all.length} requests`);
    const scalar = all.filter((c) => !c.request.context?.steps);
    for (const form of ['sum', 'avg', 'norm'] as const) {
      const m = await load(t, `dpo:(${member(policy.url, 'policy')};${limits};refFree=${form})`);
      const df = worst(
        await m.score!(scalar.map((c) => c.request)),
        scalar.map((c) => c.ref.rewards[form]),
      );
      t.ok(df <= TOLERANCE, `${form}: max |reward − transformers| = ${df.toExponential(2)} over ${scalar.length} requests`);
    }
  });
}
