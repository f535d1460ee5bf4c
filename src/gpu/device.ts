import { UsageError } from '../core/errors.js';
import { probeProvider, type ProbeResult } from './probe.js';
import type { Provider } from './session-protocol.js';

/**
 * `--device`: which execution provider local ONNX models run on. `auto` takes CUDA when a probe
 * session runs on it and the CPU otherwise; an explicit `cuda` or `webgpu` that does not work is a
 * usage error (exit 2) that says how to get it, never a crash. run.json records the choice and why.
 */

export const deviceIds = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
export type DeviceId = (typeof deviceIds)[number];

export function isDeviceId(s: string): s is DeviceId {
  return (deviceIds as readonly string[]).includes(s);
}

export interface DeviceChoice {
  requested: DeviceId;
  provider: Provider;
  reason: string;
  probes: ProbeResult[];
}

export type Prober = (p: Provider) => Promise<ProbeResult>;

const HOW_TO: Record<Exclude<Provider, 'cpu'>, string> = {
  cuda:
    'onnxruntime-node downloads its CUDA provider (libonnxruntime_providers_cuda.so, for CUDA 12 with cuDNN 9) when it is installed on Linux x64 with internet access; ' +
    'reinstall it there without ONNXRUNTIME_NODE_INSTALL=skip (e.g. `npm rebuild onnxruntime-node`) and put the CUDA 12 and cuDNN 9 libraries on LD_LIBRARY_PATH, or use --device cpu',
  webgpu: 'the WebGPU provider needs a GPU with a working Vulkan (Linux), Metal or D3D12 driver; use --device cpu',
};

// One probe per provider per process: the answer does not change while we run.
const memo = new Map<Provider, Promise<ProbeResult>>();
const probeOnce: Prober = (p) => {
  let r = memo.get(p);
  if (!r) memo.set(p, (r = probeProvider(p)));
  return r;
};

export async function chooseDevice(requested: DeviceId, probe: Prober = probeOnce): Promise<DeviceChoice> {
  if (requested === 'cpu') return { requested, provider: 'cpu', reason: 'cpu was requested', probes: [] };
  if (requested === 'auto') {
    const cuda = await probe('cuda');
    return cuda.ok
      ? { requested, provider: 'cuda', reason: 'auto: a CUDA test session ran', probes: [cuda] }
      : { requested, provider: 'cpu', reason: `auto: CUDA is unavailable (${cuda.detail}), so the CPU is used`, probes: [cuda] };
  }
  const r = await probe(requested);
  if (!r.ok)
    throw new UsageError(
      `--device ${requested}: the ${requested === 'cuda' ? 'CUDA' : 'WebGPU'} execution provider is unavailable here: ${r.detail}. To get it: ${HOW_TO[requested]}.`,
    );
  return { requested, provider: requested, reason: `${requested} was requested and a test session ran`, probes: [r] };
}
