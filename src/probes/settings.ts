import type { ProgressMode } from '../core/progress.js';

/**
 * How the probes score: seed, cache, batching, device and progress, gathered once by the CLI.
 * Its own module, since score-requests.ts and the probes that call it both need it.
 */
export interface ProbeSettings {
  seed: number;
  concurrency: number;
  batchSize?: number;
  bootstrap: { samples: number; level: number };
  cache: { dir: string; enabled: boolean };
  cwd: string;
  device?: string;
  progress: ProgressMode;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}
