import { resolve } from 'node:path';
import { defaultCacheDir, defaults } from '../run/config.js';
import { progressMode } from '../core/progress.js';
import type { ProbeSettings } from '../probes/settings.js';
import type { IO, ParsedArgs } from './command.js';
import { settingArgs, settingFlags } from './setting-args.js';

/** The run settings of every command that scores texts with models outside a run config (probe, distance). */
const SCORING_SETTINGS = ['seed', 'bootstrap', 'concurrency', 'batchSize', 'device', 'cacheDir', 'noCache', 'quiet'] as const;

export const SCORING_ARGS = settingArgs(SCORING_SETTINGS);

export type ScoringArgs = ParsedArgs<typeof SCORING_ARGS>;

/** Those flags as settings; their values were checked when argv was parsed. */
export function scoringSettings(args: Partial<ScoringArgs>, io: IO): ProbeSettings {
  const f = settingFlags(SCORING_SETTINGS, args);
  return {
    seed: f.seed ?? defaults.seed,
    concurrency: f.concurrency ?? defaults.concurrency,
    ...(f.batchSize !== undefined && { batchSize: f.batchSize }),
    bootstrap: { samples: f.bootstrap ?? defaults.samples, level: defaults.level },
    cache: { dir: f.cacheDir !== undefined ? resolve(io.cwd, f.cacheDir) : defaultCacheDir(io.env), enabled: f.noCache !== true },
    cwd: io.cwd,
    ...(f.device !== undefined && { device: f.device }),
    progress: progressMode(io.stderr, io.env, f.quiet === true),
    stderr: io.stderr,
  };
}
