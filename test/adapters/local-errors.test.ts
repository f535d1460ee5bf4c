import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import { ortBinaryDir } from '../../src/gpu/probe.js';
import { copyModel, tmp } from '../support/helpers.js';

/**
 * A model folder with a missing or corrupt file is a usage error (exit 2) that names the file and
 * says what was expected, instead of a stack trace from inside onnxruntime: folder and JSON
 * problems when the model loads, graph problems when its sessions start (on the first batch).
 */

/** Load the model and score one request (sessions start with the first batch), expecting a refusal. */
async function refused(t: Test, spec: string, pattern: RegExp, cwd = process.cwd()): Promise<void> {
  const err = await createModel(parseModelSpec(spec), { seed: 0, cwd }).then(
    async (m) => {
      try {
        await m.model.score!([{ messages: [{ role: 'user', content: 'Hi?' }], response: 'Hello.' }]);
        return undefined;
      } catch (e) {
        return e as Error & { exitCode?: number };
      } finally {
        await m.model.dispose?.();
      }
    },
    (e: unknown) => e as Error & { exitCode?: number },
  );
  t.ok(err, `${spec} is refused`);
  t.equal(err?.exitCode, 2, `${spec}: exit code 2 (${err?.message})`);
  t.match(err?.message ?? '', pattern, err?.message ?? 'no error');
}

t.test('missing folder, a file, and each required file missing', async (t) => {
  const dir = tmp(t);
  await refused(t, `onnx:${join(dir, 'nope')}`, /model folder .*nope does not exist \(an onnx: model folder has config\.json, tokenizer\.json/);
  writeFileSync(join(dir, 'file.onnx'), 'x');
  await refused(t, `ort:${join(dir, 'file.onnx')}`, /file\.onnx is a file; a model is a folder/);
  for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    const m = copyModel(t, 'bow-clean');
    rmSync(join(m, name));
    await refused(
      t,
      `onnx:${m}`,
      new RegExp(
        `bow-clean/${name.replace('.', '\\.')} is missing: an onnx: model folder has config\\.json, tokenizer\\.json, tokenizer_config\\.json and onnx/model\\.onnx`,
      ),
    );
  }
});

t.test('corrupt JSON files name the file, line and field', async (t) => {
  const m = copyModel(t, 'bow-clean');
  writeFileSync(join(m, 'config.json'), '{\n  "model_type": "bert",\n  "hidden_size": ,\n}\n');
  await refused(t, `onnx:${m}`, /bow-clean\/config\.json:\d+(:\d+)?: invalid JSON/);
  writeFileSync(join(m, 'config.json'), '{"hidden_size": 4}');
  await refused(t, `onnx:${m}`, /config\.json field "model_type": missing; expected the model family/);
  writeFileSync(join(m, 'config.json'), '[1, 2]');
  await refused(t, `onnx:${m}`, /config\.json: expected a JSON object/);

  const k = copyModel(t, 'bow-clean');
  writeFileSync(join(k, 'tokenizer.json'), '{"version": "1.0"}');
  await refused(t, `onnx:${k}`, /tokenizer\.json field "model": missing; expected a tokenizers file/);
});

t.test('graph files: missing, other dtypes, empty, garbage, cut short', async (t) => {
  const m = copyModel(t, 'mini-bert');
  await refused(
    t,
    `onnx:${m}?dtype=q4`,
    /onnx\/model_q4\.onnx is missing: .*dtype=q4\); the folder has onnx\/model\.onnx, onnx\/model_fp16\.onnx, onnx\/model_quantized\.onnx/,
  );
  await refused(t, `onnx:${m}?dtype=fp61`, /unknown dtype "fp61"\. Did you mean "fp16"/);

  const empty = copyModel(t, 'bow-clean');
  writeFileSync(join(empty, 'onnx', 'model.onnx'), '');
  await refused(t, `onnx:${empty}`, /onnx\/model\.onnx is empty: expected an ONNX model/);

  const garbage = copyModel(t, 'bow-clean');
  writeFileSync(join(garbage, 'onnx', 'model.onnx'), 'definitely not a protobuf, but long enough to pass the size check');
  // Caught before onnxruntime, which can abort the process natively on such a file.
  await refused(t, `onnx:${garbage}?device=cpu`, /bow-clean\/onnx\/model\.onnx: not an ONNX model: no protobuf field at byte 0/);

  const cut = copyModel(t, 'bow-clean');
  const file = join(cut, 'onnx', 'model.onnx');
  truncateSync(file, Math.floor(readFileSync(file).length / 2));
  await refused(t, `onnx:${cut}?device=cpu`, /onnx\/model\.onnx: not an ONNX model, or a truncated one: field \d+ runs \d+ bytes past the end of the file/);
});

t.test('ort: folders: the optimum layout, and external weights that went missing', async (t) => {
  const m = copyModel(t, 'mini-llama');
  t.ok(existsSync(join(m, 'model.onnx_data')), 'the reference decoder keeps its weights in model.onnx_data');
  rmSync(join(m, 'model.onnx_data'));
  await refused(t, `ort:${m}?device=cpu`, /mini-llama\/model\.onnx: its external weights .*mini-llama\/model\.onnx_data \(initializer "[^"]+"\) are missing/);
  rmSync(join(m, 'model.onnx'));
  await refused(
    t,
    `ort:${m}`,
    /mini-llama\/model\.onnx is missing: an ort: model folder has .*optimum-cli export onnx --task text-classification.*the folder has no \.onnx file/,
  );
});

t.test('a decoder folder given to onnx: points to ort:', async (t) => {
  const m = copyModel(t, 'mini-llama');
  await refused(t, `onnx:${m}`, /model_type "llama", a decoder, which transformers\.js cannot load as a sequence classifier; run it with ort:/);
});

t.test('bad options: unknown names, devices, forms and templates', async (t) => {
  const m = copyModel(t, 'bow-clean');
  await refused(t, `onnx:${m}?dtpye=fp16`, /unknown option for onnx "dtpye"\. Did you mean "dtype"/);
  await refused(t, `onnx:${m}?device=gpu0`, /unknown device "gpu0".*Available: auto, cpu, cuda, webgpu/);
  await refused(t, `onnx:${m}?input=chat`, /input must be template or pair, got "chat"/);
  await refused(
    t,
    `onnx:${m}?input=template`,
    /input=template, but .* has no chat template \(chat_template\.jinja, or chat_template in tokenizer_config\.json\); give one with \?chatTemplate=FILE or use input=pair/,
  );
  await refused(t, `onnx:${m}?chatTemplate=no-such-file.jinja`, /chatTemplate "no-such-file\.jinja" is neither a file nor a Jinja template/);
  await refused(t, `onnx:${m}?maxLength=1`, /maxLength must be an integer ≥ 2, got "1"/);
  await refused(t, `onnx:${m}?workers=0`, /workers must be an integer ≥ 1, got "0"/);
  await refused(t, `onnx:${m}?addSpecialTokens=yes`, /addSpecialTokens must be true or false, got "yes"/);
  const l = copyModel(t, 'mini-llama');
  await refused(t, `ort:${l}?chatTemplate=${encodeURIComponent('{% for m in messages %}{{ m.content }')}`, /the chat template does not render a conversation/);
});

const cudaInstalled = existsSync(join(ortBinaryDir(), 'libonnxruntime_providers_cuda.so'));
t.test('device=cuda without CUDA is exit 2 that says how to get it', { skip: cudaInstalled && 'CUDA is installed here' }, async (t) => {
  const m = copyModel(t, 'bow-clean');
  await refused(
    t,
    `onnx:${m}?device=cuda`,
    /--device cuda: the CUDA execution provider is unavailable here: libonnxruntime_providers_cuda\.so is not in .*To get it: .*npm rebuild onnxruntime-node/,
  );
});
