import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { adapters } from '../adapters/index.js';
import { suites } from '../benchmarks/index.js';
import type { AdapterDef } from '../core/define-adapter.js';
import { UsageError } from '../core/errors.js';
import type { Suite } from '../core/suite.js';
import type { RewardModel } from '../core/types.js';
import { checkAdapterDef, checkSuite, pluginKind } from './plugin-checks.js';

/**
 * Plugins: JavaScript modules whose default export is an adapter (`defineAdapter`) or a suite
 * (`defineSuite`), registered under their own ids beside the built-ins, so a user extends the tool
 * without forking it. The file's sha256 goes into run.json with its path: the run names the exact
 * plugin code its numbers came from (modules the plugin itself imports are not covered).
 */

/** A plugin as the config or the command line names it: the path and the folder it is relative to. */
export interface PluginRef {
  path: string;
  base: string;
}

/** What run.json records of a plugin. */
export interface PluginRecord {
  file: string;
  sha256: string;
  kind: 'adapter' | 'suite';
  id: string;
}

/** Load, check and register each plugin once (a file named twice is loaded once); in order, so errors come from the first bad one. */
export async function loadPlugins(refs: readonly PluginRef[]): Promise<PluginRecord[]> {
  const records: PluginRecord[] = [];
  for (const ref of refs) {
    const file = resolve(ref.base, ref.path);
    if (records.some((r) => r.file === file)) continue;
    records.push(await loadPlugin(file, ref.path));
  }
  return records;
}

async function loadPlugin(file: string, given: string): Promise<PluginRecord> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'a folder, not a file' : err.message;
    throw new UsageError(`plugin ${file}: cannot be read (${why})${given !== file ? `; "${given}" was resolved to it` : ''}`, { cause: err });
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The hash in the URL makes an edited plugin load afresh in a process that imported it before (ESM caches by URL).
  const mod = (await import(`${pathToFileURL(file).href}?sha256=${sha256}`).catch((err: unknown) => {
    throw new UsageError(`plugin ${file}: could not be imported: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  })) as Record<string, unknown>;
  if (mod.default === undefined) {
    const named = Object.keys(mod).filter((k) => k !== 'default');
    throw new UsageError(
      `plugin ${file}: has no default export${named.length > 0 ? ` (it exports ${named.join(', ')})` : ''}; write export default defineAdapter({...}) or export default defineSuite({...})`,
    );
  }
  const x = mod.default as Record<string, unknown>;
  if (pluginKind(file, x) === 'adapter') {
    const def = checkedModels(checkAdapterDef(file, x), file);
    adapters.register(def.id, async () => ({ default: def }), file);
    return { file, sha256, kind: 'adapter', id: def.id };
  }
  const suite = withDataBeside(checkSuite(file, x), file);
  suites.register(suite.id, async () => ({ suite }), file);
  return { file, sha256, kind: 'suite', id: suite.id };
}

/** The adapter with its models checked: the score cache and the scorer rely on a fingerprint and a batch size, which plain JavaScript can forget. */
function checkedModels(def: AdapterDef, file: string): AdapterDef {
  return {
    ...def,
    async create(spec, opts, ctx) {
      const model: unknown = await def.create(spec, opts, ctx);
      const problems = modelProblems(model);
      if (problems.length > 0) throw new UsageError(`plugin ${file}: create() for model "${spec.source}" returned no valid model: ${problems.join('; ')}`);
      return model as RewardModel;
    },
  };
}

function modelProblems(m: unknown): string[] {
  if (typeof m !== 'object' || m === null) return ['it must return an object (a RewardModel)'];
  const x = m as Record<string, unknown>;
  const p: string[] = [];
  if (typeof x.id !== 'string' || x.id === '') p.push('id must be a non-empty string (spec.id is the one the run chose)');
  if (typeof x.fingerprint !== 'string' || x.fingerprint === '') p.push('fingerprint must be a non-empty string (the score cache is keyed by it)');
  if (!Number.isInteger(x.batchSize) || (x.batchSize as number) < 1) p.push('batchSize must be an integer ≥ 1');
  if (typeof x.score !== 'function' && typeof x.compare !== 'function') p.push('it needs score(batch) or compare(batch)');
  return p;
}

/** A plugin suite's default data is relative to the plugin file (built-ins' are relative to the package's datasets/). */
function withDataBeside(suite: Suite, file: string): Suite {
  const data = suite.defaultData;
  if (data.startsWith('hf://') || isAbsolute(data)) return suite;
  // Keep the prototype: a suite written as a class has its methods there.
  return Object.assign(Object.create(Object.getPrototypeOf(suite) as object) as Suite, suite, { defaultData: resolve(dirname(file), data) });
}
