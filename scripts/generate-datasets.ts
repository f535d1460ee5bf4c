/**
 * Writes the bundled synthetic datasets (datasets/*.jsonl and datasets/manifest.json).
 *
 *   npx tsx scripts/generate-datasets.ts [--out DIR] [--only SUITE,...]     (default: datasets/, all)
 *
 * Everything is made up here from templates and hand-written tables, driven by one seed:
 * running it twice gives byte-identical files. The generator checks its own output (answers
 * recomputed, rejected answers really wrong, constraints really violated) and throws if not.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveSeed, Rng } from '../src/core/random.js';
import { type BonRow, buildBestOfN } from './datasets/best-of-n.js';
import { buildBonPool, describeBonPool, type PoolRow } from './datasets/bon-pool.js';
import { buildContrast, type ContrastRow, describeContrast } from './datasets/contrast.js';
import { pairwiseA, type PairRow } from './datasets/pairwise-a.js';
import { pairwiseB } from './datasets/pairwise-b.js';
import { buildPersonalized, describePersonalized, type PersonalizedRow } from './datasets/personalized.js';
import { buildProcessBench, describeProcessBench, type ProcessRow } from './datasets/processbench.js';
import { buildRewardMath, type MathRow, TEMPLATES } from './datasets/rewardmath.js';
import { buildVerifier, describeVerifier, type VerifierRow } from './datasets/verifier.js';
import { check, cpLen, mean } from './datasets/util.js';

const SEED = 20261122;
/** Rows per subset (pairwise, best-of-n) and problems per template (rewardmath, 23 templates). */
const PAIRWISE_PER_SUBSET = 50;
const BON_PER_SUBSET = 40;
const MATH_PER_TEMPLATE = 10;

const outFlag = process.argv.indexOf('--out');
const OUT_DIR = outFlag > 0 ? `${resolve(process.argv[outFlag + 1] ?? '.')}/` : fileURLToPath(new URL('../datasets/', import.meta.url));
const streams = (suite: string) => (name: string) => new Rng(deriveSeed(SEED, suite, name));
const id = (prefix: string, i: number) => `${prefix}-${String(i + 1).padStart(4, '0')}`;

function pairwise(): Array<{ id: string } & PairRow> {
  const s = streams('pairwise');
  const rows = [...pairwiseA(s, PAIRWISE_PER_SUBSET), ...pairwiseB(s, PAIRWISE_PER_SUBSET)];
  return rows.map((r, i) => ({ id: id('pairwise', i), ...r }));
}

function bestOfN(): Array<{ id: string } & BonRow> {
  return buildBestOfN(streams('best-of-n'), BON_PER_SUBSET).map((r, i) => ({ id: id('best-of-n', i), ...r }));
}

/** Checks every suite shares: unique ids and prompts, no empty strings anywhere. */
function checkCommon<T extends object>(name: string, rows: readonly T[], promptKey: keyof T & string): void {
  const ids = new Set<string>();
  const prompts = new Set<string>();
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
  for (const r of rows) {
    const rid = String((r as { id?: unknown }).id);
    check(!ids.has(rid), `${name}: duplicate id ${rid}`);
    const p = String(r[promptKey]);
    check(!prompts.has(p), `${name}: duplicate prompt "${p}"`);
    check(
      strings(r).every((s) => s.trim() !== ''),
      `${name}: empty string in ${rid}`,
    );
    ids.add(rid);
    prompts.add(p);
  }
}

function write(file: string, rows: readonly unknown[]): { items: number; sha256: string } {
  const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(OUT_DIR + file, text);
  return { items: rows.length, sha256: createHash('sha256').update(text).digest('hex') };
}

const fmt = (x: number) => x.toFixed(1).padStart(7);
function table(title: string, groups: Map<string, { n: number; chosen: number[]; rejected: number[] }>): void {
  console.log(`\n${title}`);
  console.log(`  ${'subset'.padEnd(24)} ${'items'.padStart(5)} ${'chosen'.padStart(7)} ${'rejected'.padStart(8)}  (mean code points)`);
  for (const [k, g] of groups) console.log(`  ${k.padEnd(24)} ${String(g.n).padStart(5)} ${fmt(mean(g.chosen))} ${fmt(mean(g.rejected)).padStart(8)}`);
}
function group<T>(rows: readonly T[], key: (r: T) => string, chosen: (r: T) => string[], rejected: (r: T) => string[]) {
  const m = new Map<string, { n: number; chosen: number[]; rejected: number[] }>();
  for (const r of rows) {
    const g = m.get(key(r)) ?? { n: 0, chosen: [], rejected: [] };
    g.n++;
    g.chosen.push(...chosen(r).map(cpLen));
    g.rejected.push(...rejected(r).map(cpLen));
    m.set(key(r), g);
  }
  return m;
}

interface DatasetDef {
  /** The suite id, also the manifest key. */
  name: string;
  file: string;
  version: string;
  /** The field that must be unique per row, besides `id`. */
  promptKey: string;
  build(): object[];
  /** Extra checks and a printed summary of the rows. */
  describe?(rows: object[]): void;
}

const sol = (steps: string[]) => steps.join('\n');

/** Every bundled dataset. A new suite adds one entry (its builder lives in scripts/datasets/). */
const DATASETS: DatasetDef[] = [
  {
    name: 'pairwise',
    file: 'pairwise.jsonl',
    version: '1',
    promptKey: 'prompt',
    build: pairwise,
    describe(rows) {
      const pw = rows as ReturnType<typeof pairwise>;
      for (const r of pw) check(r.chosen !== r.rejected, `${r.id}: chosen equals rejected`);
      table(
        `pairwise.jsonl: ${pw.length} rows`,
        group(
          pw,
          (r) => r.subset,
          (r) => [r.chosen],
          (r) => [r.rejected],
        ),
      );
    },
  },
  {
    name: 'best-of-n',
    file: 'best-of-n.jsonl',
    version: '1',
    promptKey: 'prompt',
    build: bestOfN,
    describe(rows) {
      const bon = rows as ReturnType<typeof bestOfN>;
      table(
        `best-of-n.jsonl: ${bon.length} rows`,
        group(
          bon,
          (r) => r.subset,
          (r) => r.chosen,
          (r) => r.rejected,
        ),
      );
    },
  },
  {
    name: 'rewardmath',
    file: 'rewardmath.jsonl',
    version: '1',
    promptKey: 'problem',
    build: () => buildRewardMath(SEED, MATH_PER_TEMPLATE),
    describe(rows) {
      const math = rows as MathRow[];
      const bySubject = group(
        math,
        (r) => r.subject,
        (r) => [sol(r.chosen.steps)],
        (r) => r.rejected.map((x) => sol(x.steps)),
      );
      table(`rewardmath.jsonl: ${math.length} problems from ${TEMPLATES.length} templates, 9 rejected each`, bySubject);
      const all = group(
        math,
        () => 'all',
        (r) => [sol(r.chosen.steps)],
        (r) => r.rejected.map((x) => sol(x.steps)),
      ).get('all')!;
      console.log(`  chosen/rejected mean length ratio: ${(mean(all.chosen) / mean(all.rejected)).toFixed(3)}`);
      const levels = new Map<number, number>();
      const errors = new Map<string, number>();
      for (const r of math) {
        levels.set(r.level, (levels.get(r.level) ?? 0) + 1);
        for (const x of r.rejected) errors.set(x.error_type, (errors.get(x.error_type) ?? 0) + 1);
      }
      console.log(
        `  levels: ${[...levels]
          .sort((a, b) => a[0] - b[0])
          .map(([l, n]) => `${l}:${n}`)
          .join(' ')}`,
      );
      console.log(`  error types: ${[...errors].map(([t, n]) => `${t}=${n}`).join(' ')}`);
    },
  },
  {
    name: 'personalized',
    file: 'personalized.jsonl',
    version: '1',
    promptKey: 'question',
    build: () => buildPersonalized(SEED),
    describe: (rows) => describePersonalized(rows as PersonalizedRow[]),
  },
  {
    name: 'contrast',
    file: 'contrast.jsonl',
    version: '1',
    promptKey: 'query',
    build: () => buildContrast(SEED, 25),
    describe: (rows) => describeContrast(rows as ContrastRow[]),
  },
  {
    name: 'bon-pool',
    file: 'bon-pool.jsonl',
    version: '1',
    promptKey: 'prompt',
    build: () => buildBonPool(SEED),
    describe: (rows) => describeBonPool(rows as PoolRow[]),
  },
  {
    name: 'verifier',
    file: 'verifier.jsonl',
    version: '1',
    promptKey: 'response',
    build: () => buildVerifier(SEED),
    describe: (rows) => describeVerifier(rows as VerifierRow[]),
  },
  {
    name: 'processbench',
    file: 'processbench.jsonl',
    version: '1',
    promptKey: 'problem',
    build: () => buildProcessBench(SEED),
    describe: (rows) => describeProcessBench(rows as ProcessRow[]),
  },
];

/** `--only a,b` regenerates just those datasets and keeps the others' manifest entries. */
function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const onlyFlag = process.argv.indexOf('--only');
  const only = onlyFlag > 0 ? new Set((process.argv[onlyFlag + 1] ?? '').split(',')) : undefined;
  for (const name of only ?? [])
    check(
      DATASETS.some((d) => d.name === name),
      `--only: no dataset "${name}" (have ${DATASETS.map((d) => d.name).join(', ')})`,
    );
  const manifestFile = OUT_DIR + 'manifest.json';
  const previous = only && existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { datasets: Record<string, unknown> }).datasets : {};
  const datasets: Record<string, unknown> = {};
  for (const d of DATASETS) {
    if (only && !only.has(d.name)) {
      if (previous[d.name]) datasets[d.name] = previous[d.name];
      continue;
    }
    const rows = d.build();
    checkCommon(d.name, rows, d.promptKey as never);
    d.describe?.(rows);
    datasets[d.name] = { file: d.file, version: d.version, ...write(d.file, rows) };
  }
  const manifest = { generator: 'scripts/generate-datasets.ts', seed: SEED, datasets };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`\nwrote ${manifestFile}`);
}

main();
