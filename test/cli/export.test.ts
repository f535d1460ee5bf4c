import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tmp } from '../support/helpers.js';
import { parityFixtures } from '../support/parity.js';
import { dpoParityDir } from '../support/parity-dpo.js';
import { referencePython } from '../support/python.js';
import { cliPromise } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// `rewardgauge export`: its usage errors everywhere; the export itself, and its check against
// transformers, where a Python with torch is found (not in CI).

const py = referencePython();

t.test('usage errors exit 2 and say what is expected', async (t) => {
  const dir = tmp(t);
  mkdirSync(join(dir, 'empty'));
  const noOut = await cliIn(['export', join(dir, 'empty')]);
  t.equal(noOut.code, 2);
  t.match(noOut.stderr, /--out DIR is required/);
  const noConfig = await cliIn(['export', join(dir, 'empty'), '--out', join(dir, 'o')]);
  t.equal(noConfig.code, 2);
  t.match(noConfig.stderr, /empty\/config\.json is missing: export takes a folder that save_pretrained wrote/);
  writeFileSync(join(dir, 'empty', 'config.json'), '{}');
  const badLayout = await cliIn(['export', join(dir, 'empty'), '--out', join(dir, 'o'), '--layout', 'tflite']);
  t.equal(badLayout.code, 2);
  t.match(badLayout.stderr, /--layout must be one of auto, onnx, ort, got "tflite"/);
  const noPython = await cliIn(['export', join(dir, 'empty'), '--out', join(dir, 'o'), '--python', './no-such-python']);
  t.equal(noPython.code, 2);
  t.match(noPython.stderr, /not an executable Python/);
});

/** The checkpoint as save_pretrained left it: the fixture without its ONNX files. */
function checkpointOnly(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  rmSync(join(to, 'onnx'), { recursive: true, force: true });
  for (const f of readdirSync(to)) if (f.includes('.onnx')) rmSync(join(to, f));
  return to;
}

for (const name of ['llama3', 'deberta-v3', 'mistral']) {
  t.test(`${name}: export writes the layout its adapter reads and agrees with transformers`, { skip: 'skip' in py ? py.skip : false }, async (t) => {
    const f = parityFixtures().find((x) => x.name === name);
    if (!f) return t.fail(`no ${name} fixture`);
    const dir = tmp(t);
    const src = checkpointOnly(f.dir, join(dir, 'hf'));
    const flags = name === 'mistral' ? ['--external-data'] : [];
    const r = await cliPromise(['export', src, '--out', join(dir, 'out'), ...flags], { env: { REWARDGAUGE_PYTHON: (py as { python: string }).python } });
    t.equal(r.code, 0, `exit 0\n${r.stderr}`);
    const graph = f.layout === 'onnx' ? join(dir, 'out', 'onnx', 'model.onnx') : join(dir, 'out', 'model.onnx');
    t.ok(existsSync(graph), `${graph} written`);
    if (name === 'mistral') t.ok(existsSync(`${graph}_data`), 'weights in model.onnx_data');
    t.ok(existsSync(join(dir, 'out', 'tokenizer.json')) && existsSync(join(dir, 'out', 'config.json')), 'tokenizer and config copied');
    const m = /max \|(onnx|ort): − transformers\| = ([\d.e+-]+)/.exec(r.stdout);
    t.ok(m, `the check's line is printed: ${r.stdout}`);
    t.equal(m?.[1], f.layout, `the ${f.layout}: layout for a ${f.layout === 'onnx' ? 'n encoder' : ' decoder'}`);
    t.ok(Number(m?.[2]) <= 1e-4, `max difference ${m?.[2]} ≤ 1e-4`);
  });
}

t.test('a causal LM: export keeps the LM head and checks its log-probabilities against transformers', { skip: 'skip' in py ? py.skip : false }, async (t) => {
  const dir = tmp(t);
  const src = checkpointOnly(join(dpoParityDir, 'qwen2-dpo', 'policy'), join(dir, 'hf'));
  const r = await cliPromise(['export', src, '--out', join(dir, 'out')], { env: { REWARDGAUGE_PYTHON: (py as { python: string }).python } });
  t.equal(r.code, 0, `exit 0\n${r.stderr}`);
  t.match(r.stdout, /ort: layout; a causal LM with its LM head, for dpo:/);
  const m = /max \|ort: − transformers\| = ([\d.e+-]+)/.exec(r.stdout);
  t.ok(m && Number(m[1]) <= 1e-4, `summed response log-probabilities agree: ${m?.[1]}`);
  t.match(r.stdout, /use it with: --model 'dpo:\(ort:.*out,REFERENCE;beta=1\)'/);
});
