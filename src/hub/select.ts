import { UsageError } from '../core/errors.js';

/**
 * Which files of a dataset repo `/<split>` or `/<config>/<split>` means, following the layouts the
 * Hub's dataset viewer and the `datasets` library recognise without a README config:
 *
 *   data/<split>-00000-of-00001.parquet   (what `push_to_hub` writes; RewardBench 2)
 *   <split>.jsonl, <split>-0.jsonl        (one file, or shards, at the top)
 *   <split>/*                             (a folder per split)
 *   <config>/<split>-*.parquet, <config>/<split>/*  (a folder per config; refs/convert/parquet)
 *
 * Shards are returned sorted by path, which is their order: the Hub's shard names are zero-padded.
 */

const DATA_EXT = /\.(parquet|jsonl|ndjson|json|csv)$/i;
/** Metadata the `datasets` library writes beside the data: JSON, but not records. */
const METADATA = new Set(['dataset_info.json', 'dataset_infos.json', 'dataset_dict.json', 'state.json']);
const SPLIT_WORDS = new Set(['train', 'training', 'test', 'testing', 'validation', 'valid', 'val', 'dev', 'eval', 'evaluation']);

const baseOf = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const stemOf = (base: string): string => base.replace(DATA_EXT, '');

export function isDataFile(path: string): boolean {
  const base = baseOf(path);
  return DATA_EXT.test(base) && !METADATA.has(base.toLowerCase()) && !path.split('/').some((s) => s.startsWith('.'));
}

/** `test.jsonl`, `test-00000-of-00003.parquet`, `test_0.json` are split `test`; `test_prefs.jsonl` is not. */
function nameMatches(base: string, split: string): boolean {
  if (!DATA_EXT.test(base)) return false;
  const stem = stemOf(base);
  if (!stem.startsWith(split)) return false;
  const rest = stem.slice(split.length);
  return rest === '' || /^[-_. ]\d[-_. \d]*$/.test(rest) || /^-\d+-of-\d+/.test(rest);
}

/** The split named in a file's stem, or undefined for shard names such as `0000`. */
function splitOfStem(stem: string): string | undefined {
  const m = /^(.+?)(?:[-_. ]\d[-_. \d]*|-\d+-of-\d+.*)?$/.exec(stem);
  const name = m?.[1] ?? stem;
  return /^[\d-_. ]+$/.test(name) ? undefined : name;
}

/** Files of `split` directly in folder `dir` ('' = top), by name or as the folder `dir/split`. */
function inFolder(files: readonly string[], dir: string, split: string): string[] {
  const pre = dir === '' ? '' : `${dir}/`;
  const byName = files.filter((f) => f.startsWith(pre) && !f.slice(pre.length).includes('/') && nameMatches(baseOf(f), split));
  if (byName.length > 0) return byName;
  return files.filter((f) => f.startsWith(`${pre}${split}/`));
}

function matchSplit(files: readonly string[], path: string): string[] | { ambiguous: string[] } {
  const cut = path.lastIndexOf('/');
  const dir = cut < 0 ? '' : path.slice(0, cut);
  const split = path.slice(cut + 1);
  if (dir !== '') {
    for (const d of [dir, `${dir}/data`, `data/${dir}`]) {
      const hit = inFolder(files, d, split);
      if (hit.length > 0) return hit;
    }
    return [];
  }
  for (const d of ['data', '']) {
    const hit = inFolder(files, d, split);
    if (hit.length > 0) return hit;
  }
  // `/<split>` with the data in config folders: fine when only one config has that split.
  const configs = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))))].filter((c) => c !== 'data');
  const found = configs.map((c) => ({ c, hit: inFolder(files, c, split) })).filter((x) => x.hit.length > 0);
  if (found.length > 1) return { ambiguous: found.map((x) => `${x.c}/${split}`) };
  return found[0]?.hit ?? [];
}

function select(files: readonly string[], path: string): string[] {
  const m = matchSplit(files, path);
  return Array.isArray(m) ? m : [];
}

/** What a user can write after the repo to get each data file: `test`, `default/train`, or the file's own path. */
export function availableSplits(tree: readonly string[]): string[] {
  const files = tree.filter(isDataFile);
  const keys: string[] = [];
  for (const f of files) {
    const segs = f.split('/');
    const name = splitOfStem(stemOf(segs.pop()!));
    const dirs = segs.join('/');
    const last = segs[segs.length - 1];
    const candidates: string[] = [];
    if (name && (segs.length === 0 || dirs === 'data')) candidates.push(name);
    if (last !== undefined && SPLIT_WORDS.has(last.toLowerCase())) candidates.push(dirs);
    if (name && segs.length > 0 && dirs !== 'data') candidates.push(`${dirs}/${name}`);
    if (segs.length > 0 && dirs !== 'data') candidates.push(dirs);
    const key = candidates.find((k) => select(files, k).includes(f)) ?? f;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys.sort();
}

const listing = (tree: readonly string[]): string => {
  const splits = availableSplits(tree);
  return splits.length > 0
    ? `splits and files with data: ${splits.join(', ')}`
    : `the repo holds no data file (.parquet, .jsonl, .json, .csv); its files: ${tree.slice(0, 20).join(', ') || 'none'}`;
};

/** The repo files `path` names (see the top of this file); a UsageError listing what exists when none. */
export function selectDataFiles(tree: readonly string[], path: string, what: string): string[] {
  const files = tree.filter(isDataFile);
  if (path === '') {
    if (files.length === 1) return files;
    const splits = availableSplits(tree);
    const only = splits.length === 1 ? splits[0]! : undefined;
    if (only !== undefined) return files.includes(only) ? [only] : select(files, only).sort();
    throw new UsageError(`${what}: name the split or file after the repo (hf://datasets/OWNER/NAME/SPLIT); ${listing(tree)}`);
  }
  if (tree.includes(path)) return [path];
  const m = matchSplit(files, path);
  if (!Array.isArray(m)) throw new UsageError(`${what}: split "${path}" is in several configs, name one: ${m.ambiguous.join(', ')}`);
  if (m.length === 0) throw new UsageError(`${what}: no file or split "${path}" in the repo; ${listing(tree)}`);
  return [...m].sort();
}
