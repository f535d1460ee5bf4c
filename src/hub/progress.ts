import type { ProgressMode } from '../core/progress.js';

/**
 * Download progress on stderr, in the run's progress mode (core/progress.ts): on a terminal one
 * rewritten line per file with bytes and percent; in a log (pipe, file, CI) one line per file
 * when it is done, since a rewritten line comes out as noise there; nothing with --quiet.
 */
export interface DownloadProgress {
  bytes(n: number): void;
  done(): void;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  for (; v >= 1024 && u < units.length - 1; u++) v /= 1024;
  return `${v.toFixed(1)} ${units[u]}`;
}

export function downloadProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  mode: ProgressMode,
  label: string,
  total: number,
  now: () => number = () => performance.now(),
): DownloadProgress {
  let got = 0;
  let last = -Infinity;
  const start = now();
  const width = (): number => (stream.columns ?? 100) - 1;
  const line = (): string => `hf: ${label}  ${formatBytes(got)}${total > 0 ? ` / ${formatBytes(total)} (${Math.floor((100 * got) / total)}%)` : ''}`;
  return {
    bytes(n) {
      got += n;
      if (mode !== 'live') return;
      const t = now();
      if (t - last < 100) return;
      last = t;
      stream.write(`\r${line().slice(0, width()).padEnd(width())}`);
    },
    done() {
      const summary = `hf: downloaded ${label} (${formatBytes(got)} in ${((now() - start) / 1000).toFixed(1)} s)`;
      if (mode === 'live') stream.write(`\r${summary.slice(0, width()).padEnd(width())}\n`);
      else if (mode === 'plain') stream.write(`${summary}\n`);
    },
  };
}
