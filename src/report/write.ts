import { writeFileAtomic } from '../core/atomic-write.js';
import { readRunFile } from '../core/run-file.js';
import { buildBoard, type LoadedRun } from './board.js';
import { renderHtml } from './html.js';

/** Read run.json files (or run folders) in the order given. */
export async function loadRuns(paths: readonly string[]): Promise<LoadedRun[]> {
  const runs: LoadedRun[] = [];
  for (const path of paths) runs.push({ path, run: await readRunFile(path) });
  return runs;
}

/** Write `text` to `file` through the atomic writer (folders created), so a reader never sees half a page. */
export async function writeText(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text);
}

/** The HTML report of `runs` at `file`. */
export async function writeHtmlReport(runs: readonly LoadedRun[], file: string, o: { title?: string; weights?: Record<string, number> } = {}): Promise<void> {
  await writeText(file, await renderHtml(buildBoard(runs, o.weights), o.title === undefined ? {} : { title: o.title }));
}
