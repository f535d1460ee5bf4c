import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` that sits beside `host` (the caller's
 * `import.meta.url`). Under the TypeScript loader (tests, tsx) the host is a .ts file and so is
 * its worker; Node 20 runs no --import hook in a worker thread, so from source the worker
 * registers tsx itself before it loads its .ts entry. Workers inherit node's flags, except one
 * that only applies to -e.
 */
export function startWorker(host: string, name: string, options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  const fromSource = host.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, host);
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  if (!fromSource) return new Worker(entry, { ...options, execArgv });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry.href)}))`;
  return new Worker(boot, { ...options, eval: true, execArgv });
}
