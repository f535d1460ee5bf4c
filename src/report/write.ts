import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readRunFile, writeAtomic } from '../core/run-file.js';
import { buildBoard, type LoadedRun } from './board.js';
import { renderHtml } from './html.js';

/** Read run.json files (or run folders) in the order given. */
export async function loadRuns(paths: readonly string[]): Promise<LoadedRun[]> {
  const runs: LoadedRun[] = [];
  for (const path of paths) runs.push({ path, run: await readRunFile(path) });
  return runs;
}

/** Write `text` to `file` via a temporary file, creating folders, so a reader never sees half a page. */
export async function writeText(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeAtomic(file, text);
}

/** The HTML report of `runs` at `file`. */
export async function writeHtmlReport(runs: readonly LoadedRun[], file: string, o: { title?: string; weights?: Record<string, number> } = {}): Promise<void> {
  await writeText(file, await renderHtml(buildBoard(runs, o.weights), o.title === undefined ? {} : { title: o.title }));
}
