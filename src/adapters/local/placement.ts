import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { unknownNameMessage } from '../../core/registry.js';
import type { AdapterContext, ModelSpec } from '../../core/types.js';
import { chooseDevice, deviceIds, isDeviceId } from '../../gpu/device.js';
import { gpuName } from '../../gpu/nvidia.js';
import { SessionLoadError, SessionPool } from '../../gpu/pool.js';
import type { Backend, Provider } from '../../gpu/session-protocol.js';
import type { ModelFolderInfo } from './model-dir.js';

/** Where the sessions run: the device, and how many workers with how many threads each. */
export async function placement(
  spec: ModelSpec,
  opts: { device?: string | undefined; workers?: number | undefined; threads?: number | undefined },
  ctx: AdapterContext,
  info: ModelFolderInfo,
) {
  const requested = opts.device ?? ctx.device ?? 'auto';
  if (!isDeviceId(requested)) throw new UsageError(`model "${spec.source}": ${unknownNameMessage('device', requested, deviceIds)}`);
  const device = await chooseDevice(requested);
  const name = device.provider === 'cuda' ? gpuName() : undefined;
  // Two sessions with half the threads each beat one session on small CPU models (mini-bert on
  // 2 cores: 1.06–1.6×, docs/performance.md); big models keep one copy in memory.
  const bytes = info.files.filter((f) => f.endsWith('.onnx') || f.includes('.onnx_data')).reduce((s, f) => s + statSync(f).size, 0);
  const workers = opts.workers ?? (device.provider === 'cpu' && availableParallelism() >= 2 && bytes < 2 ** 30 ? 2 : 1);
  const threads = opts.threads ?? Math.max(1, Math.floor(availableParallelism() / workers));
  return { device, name, workers, threads };
}

/** Sessions start on the first batch, so a run answered from the cache never loads the weights. */
export function poolOpener(backend: Backend, provider: Provider, threads: number, workers: number, graph: string) {
  return () =>
    SessionPool.open({ backend, provider, threads }, workers).catch((err: unknown) => {
      if (!(err instanceof SessionLoadError)) throw err;
      throw new UsageError(`${graph}: onnxruntime could not load the model on ${provider}: ${err.message}`);
    });
}
