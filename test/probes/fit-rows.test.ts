import t from 'tap';
import { fitBonGao, fitRlGao } from '../../src/metrics/gao-fit.js';
import { curveFitRows } from '../../src/probes/fit-rows.js';

const d = [0, 0.5, 1, 1.5, 2];
/** Three prompts on the exact curve gold = 0.3 + d(α − βd), with ±0.01 per prompt so resamples differ a little. */
const prompts = (alpha: number, beta: number) => [-0.01, 0, 0.01].map((e) => d.map((x) => 0.3 + x * (alpha - beta * x) + e * x));
const base = { model: 'm', suite: 'bon', prefix: '', clusters: ['a', 'b', 'c'], d, fit: fitBonGao, seed: 1, bootstrap: { samples: 200, level: 0.95 } };
const get = (rows: ReturnType<typeof curveFitRows>, metric: string) => rows.find((r) => r.metric === metric);

t.test('a peak inside the measured range is reported, with its gain', async (t) => {
  const warnings: string[] = [];
  const rows = curveFitRows({ ...base, gold: prompts(1, 0.5) }, warnings);
  // The prompts' mean is exactly 0.3 + d(1 − 0.5d): α = 1, β = 0.5, d* = α/(2β) = 1, gain α²/(4β) = 0.5.
  t.ok(Math.abs(get(rows, 'fit_alpha')!.value - 1) < 1e-9);
  t.ok(Math.abs(get(rows, 'peak_d')!.value - 1) < 1e-9);
  t.ok(Math.abs(get(rows, 'peak_gain')!.value - 0.5) < 1e-9);
  t.same(warnings, []);
});

t.test('a peak beyond the largest d measured is an extrapolation: no row, and a warning', async (t) => {
  const warnings: string[] = [];
  // α = 1, β = 0.1: the fitted peak is at d* = 5, but d was measured only up to 2.
  const rows = curveFitRows({ ...base, gold: prompts(1, 0.1) }, warnings);
  t.ok(Math.abs(get(rows, 'fit_beta')!.value - 0.1) < 1e-9, 'the fit itself is reported');
  t.equal(get(rows, 'peak_d'), undefined);
  t.equal(get(rows, 'peak_gain'), undefined);
  t.match(warnings, [/m: the fitted gold curve peaks at d = 5\.00, beyond the largest d measured \(2\.00\)/]);
});

t.test("the RL form: d from the prompts' mean KL, and a curve that never turns down", async (t) => {
  const warnings: string[] = [];
  // gold = d(0.2 + 0.1 ln d) rises for every d > e^(−3): β = −0.1 < 0, so no peak.
  const kl = [
    [0, 0.25, 1, 2.25, 4],
    [0, 0.25, 1, 2.25, 4],
  ];
  const gold = kl.map((row) => row.map((k) => (k === 0 ? 0 : Math.sqrt(k) * (0.2 + 0.1 * Math.log(Math.sqrt(k))))));
  const rows = curveFitRows({ ...base, suite: 'ppo', prefix: 'heldout_', clusters: ['a', 'b'], gold, d: { kl }, fit: fitRlGao }, warnings);
  t.ok(Math.abs(get(rows, 'heldout_fit_beta')!.value + 0.1) < 1e-9);
  t.equal(get(rows, 'heldout_peak_d'), undefined);
  t.match(warnings, [/m: the fitted heldout gold curve never turns down/]);
});
