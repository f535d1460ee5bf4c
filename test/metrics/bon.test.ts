import t from 'tap';
import { bestOfN, bonSizes, klBestOfN } from '../../src/metrics/bon.js';
import { fitBonGao, fitRlGao } from '../../src/metrics/gao-fit.js';
import { bruteBestOfN } from '../support/bon-brute.js';

const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) <= eps;

const brute = bruteBestOfN;

t.test('the unbiased estimator: gold [0.1, 0.5, 0.2, 0.9] in ascending proxy order', async (t) => {
  const gold = [0.1, 0.5, 0.2, 0.9];
  const proxy = [1, 2, 3, 4];
  const want = [0.425, 0.6, 0.725, 0.9];
  want.forEach((w, k) => t.ok(close(bestOfN(proxy, gold, k + 1).gold, w), `n=${k + 1}: ${bestOfN(proxy, gold, k + 1).gold} = ${w}`));
  // The input order does not matter, only the proxy order.
  t.ok(close(bestOfN([4, 1, 3, 2], [0.9, 0.1, 0.2, 0.5], 2).gold, 0.6));
});

t.test('ties in proxy score match brute-force enumeration over all subsets', async (t) => {
  const cases: [number[], number[]][] = [
    [
      [1, 1, 2, 2, 2, 3, 0, 3],
      [0.3, 0.9, 0.1, 0.5, 0.7, 0.2, 1, 0.4],
    ],
    [
      [5, 5, 5, 5, 5, 5],
      [1, 0, 0, 1, 0, 0],
    ],
    [
      [0, 1, 0, 1, 0, 1, 0],
      [1, 2, 3, 4, 5, 6, 7],
    ],
  ];
  for (const [proxy, gold] of cases) {
    for (let n = 1; n <= proxy.length; n++) {
      const got = bestOfN(proxy, gold, n);
      const want = brute(proxy, gold, n);
      t.ok(close(got.gold, want.gold) && close(got.proxy, want.proxy), `N=${proxy.length} n=${n}: ${got.gold} = ${want.gold}`);
    }
  }
  t.ok(close(bestOfN([5, 5, 5, 5, 5, 5], [1, 0, 0, 1, 0, 0], 6).gold, 1 / 3), 'all tied: the mean gold, whatever n');
});

t.test('large pools need no binomials that overflow', async (t) => {
  const N = 2000;
  const proxy = Array.from({ length: N }, (_, i) => i);
  const gold = proxy.map((i) => (i === N - 1 ? 1 : 0));
  // Only the top sample has gold 1: P(it is in the subset) = n / N.
  for (const n of [1, 64, 1500, 2000]) t.ok(close(bestOfN(proxy, gold, n).gold, n / N, 1e-12), `n=${n}`);
});

t.test('KL_bon and the sizes', async (t) => {
  t.ok(close(klBestOfN(2), 0.193147, 1e-6));
  t.ok(close(klBestOfN(16), 1.835089, 1e-6));
  t.ok(close(klBestOfN(256), 4.549084, 1e-6));
  t.equal(klBestOfN(1), 0);
  t.same(bonSizes(32), [1, 2, 4, 8, 16, 32]);
  t.same(bonSizes(8 + 4), [1, 2, 4, 8, 12]);
  t.throws(() => bestOfN([1, 2], [1, 2], 3));
});

t.test("Gao's forms: exact points give back their parameters and the peak", async (t) => {
  const d = [0.5, 1, 1.5, 2, 3, 4, 6, 8];
  const bon = fitBonGao(
    d,
    d.map((x) => x * (1 - 0.1 * x)),
  );
  t.ok(close(bon.alpha, 1) && close(bon.beta, 0.1), `α ${bon.alpha}, β ${bon.beta}`);
  t.ok(close(bon.peakD, 5) && close(bon.peakGold, 2.5), 'd* = α/(2β) = 5, gold 2.5');
  const rl = fitRlGao([0, ...d], [0, ...d.map((x) => x * (1 - 0.5 * Math.log(x)))]);
  t.ok(close(rl.alpha, 1) && close(rl.beta, 0.5), `α ${rl.alpha}, β ${rl.beta}`);
  t.ok(close(rl.peakD, Math.exp(1 / 0.5 - 1)) && close(rl.peakGold, 0.5 * Math.E), 'd* = e^(α/β − 1) = e, gold β·e');
  const rising = fitBonGao(
    d,
    d.map((x) => 2 * x + 0.01 * x * x),
  );
  t.equal(rising.peakD, Infinity, 'a curve that never turns down has no peak');
  const falling = fitBonGao(
    d,
    d.map((x) => x * (-0.2 - 0.05 * x)),
  );
  t.ok(close(falling.alpha, -0.2) && close(falling.beta, 0.05));
  t.same([falling.peakD, falling.peakGold], [0, 0], 'α < 0: gold only falls, so the best is not to optimize (d* = 0)');
});
