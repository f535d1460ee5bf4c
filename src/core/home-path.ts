import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `~` and `~/…` as the home folder. A shell expands them only at the start of a word, so
 * `onnx:~/m`, `--out=~/runs` and paths in a config file reach us unexpanded, and would otherwise
 * become a folder literally named `~` under the working folder. `~user` is left alone.
 */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** `[NAME=]PATH` (as in `--data SUITE=FILE`): the path part expanded. */
export function expandHomeAfterName(text: string, home?: string): string {
  const eq = text.indexOf('=');
  return eq > 0 && text[eq + 1] === '~' ? text.slice(0, eq + 1) + expandHome(text.slice(eq + 1), home) : expandHome(text, home);
}
