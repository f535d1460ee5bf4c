import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { onnxShapeProblem } from '../../src/onnx/check.js';
import { copyModel, referenceModel, tmp } from '../support/helpers.js';
import { parityFixtures } from '../support/parity.js';

// The check that keeps a non-model away from onnxruntime (which can abort the process on one).

t.test('every reference model passes; garbage, a cut file and a model without a graph do not', async (t) => {
  for (const name of ['bow-clean', 'mini-bert', 'mini-llama']) {
    const dir = referenceModel(name);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.onnx'))
      .map((f) => join(dir, f));
    t.ok(files.length > 0, `${name} has graphs`);
    for (const f of files) t.equal(onnxShapeProblem(f), undefined, f);
  }
  const dir = tmp(t);
  const garbage = join(dir, 'garbage.onnx');
  writeFileSync(garbage, 'garbage garbage garbage garbage');
  // 'g' = 0x67: field 12 with wire type 7, which protobuf does not have.
  t.equal(onnxShapeProblem(garbage), 'not an ONNX model: no protobuf field at byte 0');
  const whole = readFileSync(join(referenceModel('bow-clean'), 'onnx', 'model.onnx'));
  const cut = join(dir, 'cut.onnx');
  writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
  t.match(onnxShapeProblem(cut), /^not an ONNX model, or a truncated one: field 7 runs \d+ bytes past the end of the file$/);
  // ir_version = 8 (key 0x08, value 0x08) and producer_name "x" (key 0x12, length 1): no graph.
  const noGraph = join(dir, 'no-graph.onnx');
  writeFileSync(noGraph, Buffer.from([0x08, 0x08, 0x12, 0x01, 0x78]));
  t.equal(onnxShapeProblem(noGraph), 'not an ONNX model: it has no graph');
});

t.test('external weights: every committed graph finds its own; a missing one is named before onnxruntime sees it', async (t) => {
  // The parity decoders are optimum exports whose weights live in model.onnx_data.
  const parity = parityFixtures().map((f) => f.dir);
  for (const dir of [referenceModel('mini-llama'), ...parity]) {
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.onnx'))
      .map((f) => join(dir, f));
    for (const f of files) t.equal(onnxShapeProblem(f), undefined, f);
  }
  const m = copyModel(t, 'mini-llama');
  rmSync(join(m, 'model.onnx_data'));
  t.match(
    onnxShapeProblem(join(m, 'model.onnx')),
    /^its external weights .*mini-llama\/model\.onnx_data \(initializer "[^"]+"\) are missing; keep the file the exporter wrote beside the graph$/,
  );
});
