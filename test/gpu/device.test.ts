import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { UsageError } from '../../src/core/errors.js';
import { chooseDevice, type Prober } from '../../src/gpu/device.js';
import { ortBinaryDir, probeProvider, type ProbeResult } from '../../src/gpu/probe.js';
import type { Provider } from '../../src/gpu/session-protocol.js';

/**
 * The provider probe runs in a child process, so a native crash or a hang there is a "no", not
 * the end of the run; `--device auto` falls back to the CPU and says why; an explicit device
 * that does not work is a usage error (exit 2) that says how to get it.
 */

const node = process.execPath;
const cudaInstalled = existsSync(join(ortBinaryDir(), 'libonnxruntime_providers_cuda.so'));

t.test('the CPU provider runs a test session in the child', async (t) => {
  const r = await probeProvider('cpu');
  t.equal(r.ok, true, r.detail);
  t.equal(r.provider, 'cpu');
  t.ok(r.ms >= 0);
});

t.test(
  'CUDA without its provider library is a clear "no", without starting a child',
  { skip: cudaInstalled && 'the CUDA provider is installed here' },
  async (t) => {
    const r = await probeProvider('cuda');
    t.equal(r.ok, false);
    t.match(r.detail, /libonnxruntime_providers_cuda\.so is not in .*onnxruntime-node/);
  },
);

t.test('a native crash, a hang, an error and garbage in the child are all "does not work"', async (t) => {
  const crash = await probeProvider('cuda', { command: [node, '-e', 'process.abort()'] });
  t.equal(crash.ok, false);
  t.match(crash.detail, /SIGABRT \(a native crash\)/);

  const hang = await probeProvider('cuda', { command: [node, '-e', 'setInterval(() => {}, 1000)'], timeoutMs: 300 });
  t.equal(hang.ok, false);
  t.match(hang.detail, /SIGKILL \(timeout\)/);

  const thrown = await probeProvider('webgpu', { command: [node, '-e', 'throw new Error("Failed to get a WebGPU adapter")'] });
  t.equal(thrown.ok, false);
  t.match(thrown.detail, /Failed to get a WebGPU adapter/);

  const garbage = await probeProvider('cuda', { command: [node, '-e', 'process.stdout.write("hello")'] });
  t.equal(garbage.ok, false);
  t.match(garbage.detail, /unreadable probe output: hello/);

  const missing = await probeProvider('cuda', { command: ['/nonexistent/binary'] });
  t.equal(missing.ok, false);
  t.match(missing.detail, /could not start the probe/);
});

const prober = (answers: Partial<Record<Provider, boolean>>) => {
  const asked: Provider[] = [];
  const probe: Prober = async (p) => {
    asked.push(p);
    const ok = answers[p] ?? false;
    return { provider: p, ok, detail: ok ? 'a test session ran' : `${p} probe failed: libcublasLt.so.12 missing`, ms: 1 } satisfies ProbeResult;
  };
  return { probe, asked };
};

t.test('auto takes CUDA when it works, the CPU when not, and records why', async (t) => {
  const yes = prober({ cuda: true });
  const a = await chooseDevice('auto', yes.probe);
  t.same([a.provider, a.requested], ['cuda', 'auto']);
  t.match(a.reason, /CUDA test session ran/);
  t.same(yes.asked, ['cuda'], 'only CUDA is probed');

  const no = prober({});
  const b = await chooseDevice('auto', no.probe);
  t.equal(b.provider, 'cpu');
  t.match(b.reason, /CUDA is unavailable \(cuda probe failed: libcublasLt\.so\.12 missing\), so the CPU is used/);
  t.equal(b.probes.length, 1, 'the failed probe is kept for run.json');
});

t.test('cpu is never probed; an explicit cuda or webgpu that fails is exit 2 with how to get it', async (t) => {
  const p = prober({});
  const c = await chooseDevice('cpu', p.probe);
  t.equal(c.provider, 'cpu');
  t.same(p.asked, []);

  const err = await chooseDevice('cuda', p.probe).catch((e: unknown) => e);
  t.ok(err instanceof UsageError);
  t.equal((err as UsageError).exitCode, 2);
  t.match(
    (err as Error).message,
    /--device cuda: the CUDA execution provider is unavailable here: cuda probe failed.*libonnxruntime_providers_cuda\.so.*CUDA 12.*cuDNN 9.*--device cpu/,
  );
  await t.rejects(chooseDevice('webgpu', p.probe), /WebGPU execution provider is unavailable.*Vulkan/);

  const ok = await chooseDevice('webgpu', prober({ webgpu: true }).probe);
  t.equal(ok.provider, 'webgpu');
});
