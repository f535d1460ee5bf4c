import { isAbsolute, join, resolve } from 'node:path';
import { suites as suiteRegistry } from '../benchmarks/index.js';
import { DataError, UsageError } from '../core/errors.js';
import { fingerprintOf } from '../core/canonical.js';
import type { HubSession } from '../hub/resolve.js';
import type { ProgressMode } from '../core/progress.js';
import { datasetsDir } from '../core/paths.js';
import { unknownNameMessage } from '../core/registry.js';
import type { RunPlan } from './plan.js';
import type { DataPart, Item, LoadedDataset, Suite } from '../core/suite.js';
import { checkStreamed, shouldStream, STREAM_ABOVE_BYTES, type StreamedData } from './stream-data.js';

/** A suite of a run with its options resolved and its data loaded (checked before any model loads). */
export interface LoadedSuite {
  suite: Suite;
  options: Record<string, string>;
  data: LoadedDataset<Item>;
  /** Set when the data are too large to hold with their text: `data.items` is empty, and the items are read again per model. */
  stream?: StreamedData;
}

/** Check options against what the suite declares and fill in defaults. */
export function resolveSuiteOptions(suite: Suite, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const info = suite.options[name];
    if (!info) throw new UsageError(`suite "${suite.id}": ${unknownNameMessage('option', name, Object.keys(suite.options))}`);
    if (info.values && !info.values.includes(value)) {
      throw new UsageError(`suite "${suite.id}": option ${name} must be one of ${info.values.join(', ')}, got "${value}"`);
    }
    out[name] = value;
  }
  for (const [name, info] of Object.entries(suite.options)) out[name] ??= info.default;
  return out;
}

/** Where hub downloads report progress; without it (merge, tests) they print nothing. */
export interface LoadIO {
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  progress?: ProgressMode;
  env?: NodeJS.ProcessEnv;
}

const isHub = (s: string): boolean => s.startsWith('hf://');

/**
 * Datasets loaded one by one through the suite, joined: `label` names each part in errors and
 * warnings; a part with a `subset` gives it to its items and prefixes their ids with it.
 */
function joinParts(parts: { data: LoadedDataset<Item>; label: string; subset?: string }[], file: string): Omit<LoadedDataset<Item>, 'source'> {
  const seen = new Map<string, string>();
  const items: Item[] = [];
  for (const p of parts) {
    for (const it of p.data.items) {
      const item = p.subset === undefined ? it : { ...it, id: `${p.subset}/${it.id}`, subset: p.subset };
      const first = seen.get(item.id);
      if (first !== undefined) throw new DataError({ file: p.data.file, line: it.line, field: 'id' }, `duplicate id "${item.id}" (also in ${first})`);
      seen.set(item.id, p.label);
      items.push(item);
    }
  }
  return {
    file,
    fingerprint: fingerprintOf(...parts.map((p) => p.data.fingerprint)),
    format: [...new Set(parts.map((p) => p.data.format))].join('+'),
    items,
    hasText: parts.every((p) => p.data.hasText),
    warnings: parts.flatMap((p) => p.data.warnings.map((w) => `${p.label}: ${w}`)),
  };
}

/**
 * An `hf://` dataset: its files come from the Hub cache (src/hub). A split in several shards is
 * loaded shard by shard through the suite, so every error names the shard file and its own line,
 * then joined; the fingerprint covers the shards' fingerprints in order.
 */
async function loadHub(suite: Suite, uri: string, options: Record<string, string>, io: LoadIO, session: HubSession): Promise<LoadedDataset<Item>> {
  const { fetchHubData } = await import('../hub/resolve.js');
  const hub = await fetchHubData(uri, { env: io.env ?? process.env, ...(io.stderr && { stderr: io.stderr }), progress: io.progress ?? 'off', session });
  const parts: LoadedDataset<Item>[] = [];
  for (const f of hub.files) parts.push(await suite.load(f, options));
  const source = { uri: hub.uri, commit: hub.commit };
  if (parts.length === 1) return { ...parts[0]!, source };
  return {
    ...joinParts(
      parts.map((data, k) => ({ data, label: `shard ${hub.repoPaths[k]}` })),
      hub.pinned,
    ),
    source,
  };
}

/** A preset's default data in several parts (configs, splits), each a subset. */
async function loadDataParts(
  suite: Suite,
  parts: readonly DataPart[],
  options: Record<string, string>,
  io: LoadIO,
  hubSession: () => Promise<HubSession>,
): Promise<LoadedDataset<Item>> {
  const loaded = [];
  for (const part of parts) {
    const data = isHub(part.uri) ? await loadHub(suite, part.uri, options, io, await hubSession()) : await suite.load(join(datasetsDir, part.uri), options);
    loaded.push({ data, label: part.subset ?? part.uri, ...(part.subset !== undefined && { subset: part.subset }) });
  }
  const pinned = loaded.map((p) => ({
    uri: p.data.source?.uri ?? p.data.file,
    commit: p.data.source?.commit ?? p.data.fingerprint,
    ...(p.subset !== undefined && { subset: p.subset }),
  }));
  const joined = joinParts(loaded, pinned.map((p) => p.uri).join(' + '));
  return { ...joined, source: { uri: `${suite.id} default data`, commit: [...new Set(pinned.map((p) => p.commit))].join(' + '), parts: pinned } };
}

export async function loadSuites(plan: RunPlan, io: LoadIO = {}): Promise<LoadedSuite[]> {
  const loaded: LoadedSuite[] = [];
  let session: HubSession | undefined;
  for (const sp of plan.suites) {
    const { suite } = await suiteRegistry.load(sp.id);
    const options = resolveSuiteOptions(suite, sp.options);
    const hubSession = async () => (session ??= (await import('../hub/resolve.js')).newHubSession());
    const parts = sp.data === undefined ? suite.dataParts?.(options) : undefined;
    if (parts) {
      loaded.push({ suite, options, data: await loadDataParts(suite, parts, options, io, hubSession) });
      continue;
    }
    const given = sp.data ?? suite.defaultData;
    if (isHub(given)) {
      loaded.push({ suite, options, data: await loadHub(suite, given, options, io, await hubSession()) });
      continue;
    }
    // resolve, not join: a plugin suite's default data is an absolute path beside the plugin.
    const file = sp.data === undefined ? resolve(datasetsDir, suite.defaultData) : isAbsolute(sp.data) ? sp.data : resolve(plan.cwd, sp.data);
    // Built-in and Hub data are UTF-8; `--encoding` is for the user's own files.
    const read = sp.data === undefined ? {} : { encoding: plan.encoding };
    if (await shouldStream(suite, file, plan.streamAboveBytes ?? STREAM_ABOVE_BYTES)) {
      loaded.push({ suite, options, ...(await checkStreamed(suite, file, options, read, plan.shard)) });
      continue;
    }
    loaded.push({ suite, options, data: await suite.load(file, options, sp.data === undefined ? undefined : read) });
  }
  return loaded;
}
