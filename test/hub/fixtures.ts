import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ParquetColumn {
  name: string;
  data: unknown[];
  type?: string;
}

/** JSON for write-parquet.mjs: a BigInt travels as {"$bigint": "…"}. */
const encode = (v: unknown): unknown => (typeof v === 'bigint' ? { $bigint: v.toString() } : Array.isArray(v) ? v.map(encode) : v);

/** Write Parquet files (hyparquet-writer, in a child node without tap's loader; about 0.1 s for any number of files). */
export function writeParquet(files: { file: string; columns: ParquetColumn[]; rowGroupSize?: number }[]): void {
  const script = fileURLToPath(new URL('write-parquet.mjs', import.meta.url));
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const input = JSON.stringify(
    files.map((f) => ({ file: f.file, rowGroupSize: f.rowGroupSize, columns: f.columns.map((c) => ({ ...c, data: c.data.map(encode) })) })),
  );
  const r = spawnSync(process.execPath, [script], { input, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`write-parquet.mjs failed: ${r.stderr}`);
}

let n = 0;
/** One Parquet file's bytes. */
export function parquetBytes(columns: ParquetColumn[]): Buffer {
  const file = join(tmpdir(), `rg-hub-${process.pid}-${n++}.parquet`);
  writeParquet([{ file, columns }]);
  const bytes = readFileSync(file);
  rmSync(file);
  return bytes;
}

/** Rows in RewardBench 2's published schema (allenai/reward-bench-2, data/test-00000-of-00001.parquet). */
export interface Rb2Row {
  id: string;
  prompt: string;
  chosen: string[];
  rejected: string[];
  num_correct: number;
  total_completions: number;
  subset: string;
}

/**
 * Four rows whose `heuristic:length` outcome is known by hand (best-of-n: 1 if the chosen is longer
 * than every rejected, 1/(1+k) if it ties k of them at the top, else 0):
 *   r1 "a long answer" (13) vs "short" (5), "tiny" (4)   → 1
 *   r2 "no" (2) vs "much longer reply" (17), "x" (1)     → 0
 *   r3 "same" (4) vs "four" (4), "abc" (3)               → 1/2
 *   r4 "correct answer here" (19) vs "wrong" (5)         → 1
 * accuracy = 2.5/4 = 0.625; subsets Math (r1–r3) 1.5/3 = 0.5 and Chat (r4) 1, macro 0.75.
 */
export const rb2Rows: Rb2Row[] = [
  { id: 'r1', prompt: 'Q1?', chosen: ['a long answer'], rejected: ['short', 'tiny'], num_correct: 1, total_completions: 3, subset: 'Math' },
  { id: 'r2', prompt: 'Q2?', chosen: ['no'], rejected: ['much longer reply', 'x'], num_correct: 1, total_completions: 3, subset: 'Math' },
  { id: 'r3', prompt: 'Q3?', chosen: ['same'], rejected: ['four', 'abc'], num_correct: 1, total_completions: 3, subset: 'Math' },
  { id: 'r4', prompt: 'Q4?', chosen: ['correct answer here'], rejected: ['wrong'], num_correct: 1, total_completions: 2, subset: 'Chat' },
];

/** A Parquet file of rows like RewardBench 2's: strings, lists of strings, INT64 counts (read back as BigInt). */
export function rb2Columns(rows: readonly Rb2Row[]): ParquetColumn[] {
  const col = <K extends keyof Rb2Row>(k: K): Rb2Row[K][] => rows.map((r) => r[k]);
  return [
    { name: 'id', data: col('id'), type: 'STRING' },
    { name: 'prompt', data: col('prompt'), type: 'STRING' },
    { name: 'chosen', data: col('chosen') },
    { name: 'rejected', data: col('rejected') },
    { name: 'num_correct', data: col('num_correct').map(BigInt), type: 'INT64' },
    { name: 'total_completions', data: col('total_completions').map(BigInt), type: 'INT64' },
    { name: 'subset', data: col('subset'), type: 'STRING' },
  ];
}

export const rb2Parquet = (rows: readonly Rb2Row[]): Buffer => parquetBytes(rb2Columns(rows));

export const jsonl = (rows: readonly unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** 40 hex digits from a seed letter: fake commit ids. */
export const sha = (c: string): string => c.repeat(40).slice(0, 40);
