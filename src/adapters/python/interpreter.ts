import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { packageRoot } from '../../core/paths.js';
import { isExecutable, isFile, onPath } from '../process/program.js';

/**
 * The Python that runs the `hf:` worker and `rewardgauge export`. Python is optional: only these
 * two need it, and only when something is not cached. The package's own Python code
 * (python/rewardgauge_hf) goes on PYTHONPATH, so nothing is pip-installed into the user's env.
 */

export const pythonDir = join(packageRoot, 'python');

export interface Python {
  program: string;
  /** Where the choice came from, for messages. */
  from: string;
}

/** `?python=` (a path or a name on $PATH), else $REWARDGAUGE_PYTHON, else $VIRTUAL_ENV's, else python3 or python on $PATH. */
export function findPython(option: string | undefined, cwd: string, env: NodeJS.ProcessEnv = process.env): Python {
  const named = (value: string, from: string): Python => {
    const file = value.includes('/') || isAbsolute(value) ? resolve(cwd, value) : onPath(value, env);
    if (!file || !isFile(file) || !isExecutable(file))
      throw new UsageError(`${from} names ${value}, which is not an executable Python${value.includes('/') ? '' : ' on $PATH'}`);
    return { program: file, from };
  };
  if (option !== undefined) return named(option, '?python=');
  if (env.REWARDGAUGE_PYTHON) return named(env.REWARDGAUGE_PYTHON, 'REWARDGAUGE_PYTHON');
  if (env.VIRTUAL_ENV && isFile(join(env.VIRTUAL_ENV, 'bin', 'python'))) return { program: join(env.VIRTUAL_ENV, 'bin', 'python'), from: 'VIRTUAL_ENV' };
  for (const name of ['python3', 'python']) {
    const p = onPath(name, env);
    if (p) return { program: p, from: '$PATH' };
  }
  throw new UsageError(
    'no Python found (python3 or python on $PATH): the hf: adapter and `rewardgauge export` run transformers in Python; install Python 3 with torch and transformers, or point ?python= or REWARDGAUGE_PYTHON at one',
  );
}

/** The environment the worker runs in: our package first on PYTHONPATH, unbuffered UTF-8 pipes. */
export function pythonEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    PYTHONPATH: env.PYTHONPATH ? `${pythonDir}${delimiter}${env.PYTHONPATH}` : pythonDir,
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
  };
}
