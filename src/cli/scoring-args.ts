import { resolve } from 'node:path';
import { defaultCacheDir, defaults } from '../run/config.js';
import { UsageError } from '../core/errors.js';
import { progressMode } from '../core/progress.js';
import { isDeviceId } from '../gpu/device.js';
import type { ProbeSettings } from '../probes/settings.js';
import { intArg, type ArgDefs, type IO } from './command.js';

/** The flags of every command that scores texts with models outside a run config (probe, distance), declared once. */
export const SCORING_ARGS = {
  seed: { type: 'string', value: 'N', description: 'seed for the bootstrap and seeded models', default: String(defaults.seed) },
  bootstrap: { type: 'string', value: 'N', description: 'bootstrap resamples per CI', default: String(defaults.samples) },
  concurrency: { type: 'string', value: 'N', description: 'batches in flight at once (does not change results)', default: String(defaults.concurrency) },
  'batch-size': { type: 'string', value: 'N', description: 'requests per model call (does not change results)' },
  device: { type: 'string', value: 'auto|cpu|cuda|webgpu', description: 'where local ONNX models run' },
  'cache-dir': { type: 'string', value: 'DIR', description: 'score cache folder [default: $REWARDGAUGE_CACHE_DIR or ~/.cache/rewardgauge]' },
  'no-cache': { type: 'boolean', description: 'do not read or write the score cache' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress or tables, just the output paths' },
} as const satisfies ArgDefs;

export interface ScoringFlags {
  seed?: string | undefined;
  bootstrap?: string | undefined;
  concurrency?: string | undefined;
  'batch-size'?: string | undefined;
  device?: string | undefined;
  'cache-dir'?: string | undefined;
  'no-cache'?: boolean | undefined;
  quiet?: boolean | undefined;
}

/** Those flags as settings; exit 2 on a bad value. */
export function scoringSettings(args: ScoringFlags, io: IO): ProbeSettings {
  if (args.device !== undefined && !isDeviceId(args.device)) throw new UsageError(`--device must be auto, cpu, cuda or webgpu, got "${args.device}"`);
  return {
    seed: intArg('seed', args.seed, 0) ?? defaults.seed,
    concurrency: intArg('concurrency', args.concurrency, 1) ?? defaults.concurrency,
    ...(args['batch-size'] !== undefined && { batchSize: intArg('batch-size', args['batch-size'], 1)! }),
    bootstrap: { samples: intArg('bootstrap', args.bootstrap, 1) ?? defaults.samples, level: defaults.level },
    cache: { dir: args['cache-dir'] !== undefined ? resolve(io.cwd, args['cache-dir']) : defaultCacheDir(io.env), enabled: args['no-cache'] !== true },
    cwd: io.cwd,
    ...(args.device !== undefined && { device: args.device }),
    progress: progressMode(io.stderr, io.env, args.quiet === true),
    stderr: io.stderr,
  };
}
