import t from 'tap';
import { normalQuantile, overallScore } from '../../src/metrics/overall.js';

t.test('normalQuantile matches tabulated values of the standard normal', async (t) => {
  // Φ⁻¹ from standard tables (scipy.stats.norm.ppf gives the same digits).
  const table: [number, number][] = [
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.9999, 3.7190164854556804],
    [0.025, -1.959963984540054],
    [0.8413447460685429, 1],
    [0.01, -2.3263478740408408],
  ];
  for (const [p, z] of table) t.ok(Math.abs(normalQuantile(p) - z) < 1e-8, `Φ⁻¹(${p}) = ${z} (got ${normalQuantile(p)})`);
});

t.test('overall: weighted mean, interval from independent suite standard errors', async (t) => {
  const z = 1.959963984540054;
  // Two suites: 0.8 with CI half-width 0.1·z (se 0.1), 0.5 with half-width 0.2·z (se 0.2); weights 3 and 1.
  const o = overallScore(
    [
      { value: 0.8, ci: [0.8 - 0.1 * z, 0.8 + 0.1 * z], weight: 3 },
      { value: 0.5, ci: [0.5 - 0.2 * z, 0.5 + 0.2 * z], weight: 1 },
    ],
    0.95,
  );
  // value = (3·0.8 + 0.5) / 4 = 0.725; se = √((3·0.1)² + (1·0.2)²) / 4 = √0.13 / 4.
  const half = (z * Math.sqrt(0.13)) / 4;
  t.ok(Math.abs(o.value - 0.725) < 1e-12);
  t.ok(Math.abs(o.ci[0] - (0.725 - half)) < 1e-9 && Math.abs(o.ci[1] - (0.725 + half)) < 1e-9, `ci ${o.ci}`);
  const flat = overallScore(
    [
      { value: 0.3, ci: [0.3, 0.3], weight: 1 },
      { value: 0.5, ci: [0.5, 0.5], weight: 1 },
    ],
    0.9,
  );
  t.same(flat, { value: 0.4, ci: [0.4, 0.4] }, 'zero-width suite intervals give a zero-width overall');
});
