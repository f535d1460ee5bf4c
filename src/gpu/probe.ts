import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OnnxGraph } from '../onnx/writer.js';
import type { Provider } from './session-protocol.js';

/**
 * Does an execution provider work here? Asked in a child process, because a missing or mismatched
 * CUDA library can abort the process natively, past any try/catch. The child loads
 * onnxruntime-node, creates a session on a one-node model with only that provider, runs it and
 * checks the answer. A crash, a timeout or a wrong answer all count as "does not work".
 */

export interface ProbeResult {
  provider: Provider;
  ok: boolean;
  /** Why not (or, when ok, what was found). */
  detail: string;
  ms: number;
}

/** Where onnxruntime-node keeps its native libraries (and, when installed, the CUDA provider). */
export function ortBinaryDir(): string {
  const main = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

/** y = x + 1 on a float32 [2]: enough to make the provider compile and run a kernel. */
function probeModel(): string {
  const g = new OnnxGraph('probe');
  const x = g.input('x', 'float32', [2]);
  g.output(g.op('Add', [x, g.tensor('one', 'float32', [1], [1])]), 'y', 'float32', [2]);
  return Buffer.from(g.encode().model).toString('base64');
}

const CHILD = `
const [ortMain, provider, model] = process.argv.slice(1);
const { createRequire } = await import('node:module');
const ort = createRequire(ortMain)(ortMain);
const session = await ort.InferenceSession.create(Buffer.from(model, 'base64'), { executionProviders: [provider] });
const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2]), [2]) });
const ok = y.data[0] === 2 && y.data[1] === 3;
process.stdout.write(JSON.stringify({ ok, detail: ok ? 'a test session ran' : 'wrong answer: ' + Array.from(y.data) }));
`;

export interface ProbeOptions {
  timeoutMs?: number;
  /** Replaces the child command (tests use it to simulate a native crash). */
  command?: readonly string[];
}

export function probeProvider(provider: Provider, options: ProbeOptions = {}): Promise<ProbeResult> {
  const started = performance.now();
  const done = (ok: boolean, detail: string): ProbeResult => ({ provider, ok, detail, ms: Math.round(performance.now() - started) });
  if (!options.command && provider === 'cuda' && !existsSync(join(ortBinaryDir(), 'libonnxruntime_providers_cuda.so'))) {
    return Promise.resolve(
      done(false, `libonnxruntime_providers_cuda.so is not in ${ortBinaryDir()} (the npm install of onnxruntime-node skipped its CUDA download)`),
    );
  }
  const ortMain = createRequire(import.meta.url).resolve('onnxruntime-node');
  const [cmd, ...args] = options.command ?? [process.execPath, '--input-type=module', '-e', CHILD, ortMain, provider, probeModel()];
  return new Promise((resolve) => {
    const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(done(false, `could not start the probe: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lastError =
        err
          .trim()
          .split('\n')
          .filter((l) => /error/i.test(l))
          .pop() ??
        err.trim().split('\n').pop() ??
        '';
      if (signal) return resolve(done(false, `the probe process was killed by ${signal}${signal === 'SIGKILL' ? ' (timeout)' : ' (a native crash)'}`));
      if (code !== 0) return resolve(done(false, lastError.replace(/^.*?Error: /, '') || `the probe exited with code ${code}`));
      try {
        const r = JSON.parse(out) as { ok: boolean; detail: string };
        resolve(done(r.ok, r.detail));
      } catch {
        resolve(done(false, `unreadable probe output: ${out.slice(0, 200)}`));
      }
    });
  });
}
