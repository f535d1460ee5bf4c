import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { root, tmp } from '../support/helpers.js';
import type { DpoEntry } from '../support/parity-dpo.js';
import { referencePython } from '../support/python.js';

// The committed DPO parity fixtures must be what scripts/parity/generate_dpo.py makes: the same
// requests, token ids, response starts and step ends, and the same rewards within 1e-6. Skips
// without a Python that has torch, transformers and tokenizers (CI), where dpo-parity.test.ts
// still checks the adapters against the committed references. --skip-export: about 30 s.

const run = promisify(execFile);
const committed = join(root, 'test', 'fixtures', 'parity-dpo');
const TOLERANCE = 1e-6;

function generatorPython(): { python: string } | { skip: string } {
  const found = referencePython();
  if ('skip' in found) return found;
  const probe = spawnSync(found.python, ['-c', 'import sentencepiece, tokenizers, safetensors'], { encoding: 'utf8', timeout: 120_000 });
  return probe.status === 0 ? found : { skip: `${found.python} lacks sentencepiece, tokenizers or safetensors, which scripts/parity/generate_dpo.py needs` };
}

const found = generatorPython();
const manifest = JSON.parse(readFileSync(join(committed, 'manifest.json'), 'utf8')) as { pairs: { name: string }[] };
const read = (dir: string, name: string) =>
  JSON.parse(readFileSync(join(dir, name, 'reference.json'), 'utf8')) as { maxLength: number; maxPromptLength: number; entries: DpoEntry[] };
const values = (e: DpoEntry): number[] => (e.steps ? e.steps : e.rewards ? Object.values(e.rewards) : []);

t.test('scripts/parity/generate_dpo.py reproduces the committed references', { skip: 'skip' in found ? found.skip : false, timeout: 600_000 }, async (t) => {
  const out = tmp(t);
  const python = 'python' in found ? found.python : '';
  await run(python, [join(root, 'scripts', 'parity', 'generate_dpo.py'), '--out', out, '--skip-export'], { cwd: root, timeout: 580_000, maxBuffer: 16 << 20 });
  t.equal(readFileSync(join(out, 'requests.jsonl'), 'utf8'), readFileSync(join(committed, 'requests.jsonl'), 'utf8'), 'requests.jsonl, byte for byte');
  for (const { name } of manifest.pairs) {
    const want = read(committed, name);
    const got = read(out, name);
    t.strictSame(
      [got.maxLength, got.maxPromptLength, got.entries.length],
      [want.maxLength, want.maxPromptLength, want.entries.length],
      `${name}: truncation, entries`,
    );
    let worst = 0;
    want.entries.forEach((w, i) => {
      const g = got.entries[i]!;
      const { rewards: _a, steps: _b, ...wRest } = w;
      const { rewards: _c, steps: _d, ...gRest } = g;
      t.strictSame(gRest, wRest, `${name} ${w.id}: ids, response start, step ends, truncation${w.error ? ', error' : ''}`);
      const [a, b] = [values(w), values(g)];
      t.equal(b.length, a.length, `${name} ${w.id}: as many values`);
      a.forEach((x, k) => (worst = Math.max(worst, Math.abs(x - b[k]!))));
    });
    t.ok(worst <= TOLERANCE, `${name}: max |regenerated − committed| = ${worst.toExponential(2)} (≤ ${TOLERANCE})`);
  }
});
