/**
 * Loading a RewardBench-2-sized dataset from the Hub: a loopback Hub (test/support/fake-hub.ts)
 * serves one Parquet file of N rows (1 chosen + 3 rejected responses of ~L characters each);
 * measures the cold run (revision lookup, listing, download, Parquet decode, row checks), the
 * warm run (cache hit: one revision lookup, then decode) and an offline run (no request).
 *
 *   npx tsx scripts/bench-hub.ts [--rows 1865] [--chars 1200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { suite } from '../src/benchmarks/rewardbench2/index.js';
import { loadSuites } from '../src/run/load-suites.js';
import type { RunPlan } from '../src/run/plan.js';
import { rb2Parquet, sha } from '../test/hub/fixtures.js';
import { startFakeHub } from '../test/support/fake-hub.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1865' }, chars: { type: 'string', default: '1200' } } });
const rows = Number(values.rows);
const chars = Number(values.chars);
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const text = () => Array.from({ length: chars }, () => 'abcdefghij klmnopqrstuvwxyz.'[Math.floor(rand() * 28)]).join('');
const subsets = ['Factuality', 'Precise IF', 'Math', 'Safety', 'Focus'];
const data = Array.from({ length: rows }, (_, i) => ({
  id: String(i),
  prompt: `Question ${i}: ${text().slice(0, 200)}`,
  chosen: [text()],
  rejected: [text(), text(), text()],
  num_correct: 1,
  total_completions: 4,
  subset: subsets[i % subsets.length]!,
}));
const parquet = rb2Parquet(data);
const hub = await startFakeHub([{ name: 'allenai/reward-bench-2', commits: [{ sha: sha('e'), files: { 'data/test-00000-of-00001.parquet': parquet } }] }]);
const home = mkdtempSync(join(tmpdir(), 'rg-bench-hub-'));
Object.assign(process.env, { HF_ENDPOINT: hub.url, HF_HOME: home, HF_HUB_CACHE: '', HF_TOKEN: '' });
const plan = { suites: [{ id: suite.id, options: {} }], cwd: process.cwd() } as unknown as RunPlan;

const time = async (label: string) => {
  const before = hub.requests.length;
  const t0 = performance.now();
  const [ls] = await loadSuites(plan);
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(44)} ${s.toFixed(2)} s  ${ls!.data.items.length} items  ${hub.requests.length - before} Hub requests`);
};
console.log(`Parquet file: ${rows} rows, ${(parquet.length / 1e6).toFixed(1)} MB as hyparquet-writer wrote it`);
await time('cold: resolve, list, download, decode, check');
await time('warm: cache hit (revision lookup only)');
process.env.HF_HUB_OFFLINE = '1';
await time('offline: from the cache');
await hub.close();
rmSync(home, { recursive: true, force: true });
