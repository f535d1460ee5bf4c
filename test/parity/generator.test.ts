import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { root, tmp } from '../support/helpers.js';
import { referencePython } from '../support/python.js';

// The committed parity fixtures must be what scripts/parity/generate.py makes: same requests, same
// token ids, and transformers' scores within 1e-6. Without a Python that has torch, transformers and
// sentencepiece (CI) this skips; the fixtures themselves are then checked by onnx-parity.test.ts.
// --skip-export keeps it to the checkpoints and references (about 20 s).

const run = promisify(execFile);
const committed = join(root, 'test', 'fixtures', 'parity');
const SCORE_TOLERANCE = 1e-6;

interface Entry {
  id: string;
  ids?: number[];
  tokenTypeIds?: number[];
  tokens?: number;
  truncated?: boolean;
  responseCut?: boolean;
  score?: number;
  error?: string;
}
interface Reference {
  fixture: string;
  form: string;
  maxLength: number;
  padTokenId: number;
  attnImplementation: string;
  scores: Entry[];
  truncateEnd?: Entry[];
}

function generatorPython(): { python: string } | { skip: string } {
  const found = referencePython();
  if ('skip' in found) return found;
  const probe = spawnSync(found.python, ['-c', 'import sentencepiece, tokenizers, safetensors'], { encoding: 'utf8', timeout: 120_000 });
  return probe.status === 0
    ? found
    : { skip: `${found.python} has torch and transformers but not sentencepiece, tokenizers and safetensors, which scripts/parity/generate.py needs` };
}

const found = generatorPython();
const python = 'python' in found ? found.python : '';
const manifest = JSON.parse(readFileSync(join(committed, 'manifest.json'), 'utf8')) as { fixtures: { name: string }[] };
const read = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name, 'reference.json'), 'utf8')) as Reference;

t.test('scripts/parity/generate.py reproduces the committed references', { skip: 'skip' in found ? found.skip : false, timeout: 600_000 }, async (t) => {
  const out = tmp(t);
  const started = Date.now();
  await run(python, [join(root, 'scripts', 'parity', 'generate.py'), '--out', out, '--skip-export'], { cwd: root, timeout: 580_000, maxBuffer: 16 << 20 });
  t.comment(`generated ${manifest.fixtures.length} fixtures in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  t.equal(
    readFileSync(join(out, 'requests.jsonl'), 'utf8'),
    readFileSync(join(committed, 'requests.jsonl'), 'utf8'),
    'requests.jsonl is the same, byte for byte',
  );
  for (const { name } of manifest.fixtures) {
    const want = read(committed, name);
    const got = read(out, name);
    t.strictSame(
      [got.form, got.maxLength, got.padTokenId, got.attnImplementation],
      [want.form, want.maxLength, want.padTokenId, want.attnImplementation],
      `${name}: form, maxLength, padTokenId, attention`,
    );
    for (const key of ['scores', 'truncateEnd'] as const) {
      const a = want[key];
      const b = got[key];
      t.equal(b?.length, a?.length, `${name}.${key}: as many entries`);
      if (!a || !b) continue;
      let worst = 0;
      a.forEach((w, i) => {
        const g = b[i]!;
        const { score: ws, ...wRest } = w;
        const { score: gs, ...gRest } = g;
        t.strictSame(gRest, wRest, `${name}.${key} ${w.id}: ids, lengths, truncation, response cut${w.error ? ', error' : ''}`);
        if (ws !== undefined && gs !== undefined) worst = Math.max(worst, Math.abs(ws - gs));
        else t.equal(gs, ws, `${name}.${key} ${w.id}: scored in both or in neither`);
      });
      t.ok(worst <= SCORE_TOLERANCE, `${name}.${key}: max |regenerated − committed| = ${worst.toExponential(2)} (≤ ${SCORE_TOLERANCE})`);
    }
  }
});
