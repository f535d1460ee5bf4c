import { safeMessage } from './safe-text.js';

/**
 * Errors carry the process exit code the CLI must use (README.md, "Reproducibility": the exit codes):
 * 0 success · 1 a gate failed · 2 bad usage, config or input data · 3 a model failed at run time.
 */
export const ExitCode = { ok: 0, gateFailed: 1, badInput: 2, modelFailed: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Messages quote servers, datasets and URLs the user typed, and are printed to a terminal and
 * kept in run.json warnings: known secrets are taken out and control characters escaped here,
 * once, so no caller can forget it (src/core/safe-text.ts).
 */
export class RewardgaugeError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(safeMessage(message), options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad command line or config: exit 2. */
export class UsageError extends RewardgaugeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.badInput, options);
  }
}

/** Where in an input file a problem is. `field` is a JSON-pointer-like path such as `chosen[2]`. */
export interface DataLocation {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  field?: string | undefined;
}

export function formatLocation(loc: DataLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.column !== undefined) s += `:${loc.column}`;
  if (loc.field) s += ` field "${loc.field}"`;
  return s;
}

/** Bad input data (dataset, scores file, run file): exit 2, with file, line and field. */
export class DataError extends RewardgaugeError {
  readonly location: DataLocation;
  readonly problem: string;
  constructor(location: DataLocation, problem: string, options?: { cause?: unknown }) {
    super(`${formatLocation(location)}: ${problem}`, ExitCode.badInput, options);
    this.location = location;
    this.problem = problem;
  }
}

/** A model or adapter failed while scoring (crash, NaN, server error): exit 3. */
export class ModelError extends RewardgaugeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.modelFailed, options);
  }
}

export function exitCodeOf(err: unknown): ExitCode {
  return err instanceof RewardgaugeError ? err.exitCode : ExitCode.modelFailed;
}
