import { execFileSync } from 'node:child_process';

/** What nvidia-smi says, without loading any CUDA library into this process. */

function smi(args: string[]): string | undefined {
  try {
    return execFileSync('nvidia-smi', args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** The first GPU's name, for the MFU table; best effort. */
export function gpuName(): string | undefined {
  return smi(['--query-gpu=name', '--format=csv,noheader'])?.split('\n')[0]!.trim() || undefined;
}

/** Whether a process started now would see an NVIDIA GPU (CUDA_VISIBLE_DEVICES may hide them all). */
export function gpuVisible(env: NodeJS.ProcessEnv = process.env): boolean {
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined && (visible.trim() === '' || visible.trim() === '-1')) return false;
  return /^GPU \d+/m.test(smi(['-L']) ?? '');
}
