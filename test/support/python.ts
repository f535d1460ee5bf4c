import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers.js';

/**
 * A Python with the reference stack (torch, transformers), for the tests that compare with
 * transformers itself: $REWARDGAUGE_PYTHON, else the repository's .venv, else python3. CI has no
 * torch, so those tests skip with this reason; the committed fixtures carry the references.
 */
export function referencePython(): { python: string } | { skip: string } {
  const candidates = [process.env.REWARDGAUGE_PYTHON, join(root, '.venv', 'bin', 'python'), 'python3'].filter(
    (p): p is string => !!p && (!p.includes('/') || existsSync(p)),
  );
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch, transformers'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) return { python };
  }
  return {
    skip: `no Python with torch and transformers (tried ${candidates.join(', ')}); set REWARDGAUGE_PYTHON or create .venv (see scripts/parity/README.md)`,
  };
}
