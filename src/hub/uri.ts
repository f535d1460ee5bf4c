import { UsageError } from '../core/errors.js';

/**
 * `hf://datasets/<owner>/<name>[@<revision>][/<path>]`: the form the Hub's own fsspec client
 * (huggingface_hub's HfFileSystem) and the `datasets` library accept, so URIs copied from the
 * Hub's pages work here. A revision holding `/` (e.g. `refs/convert/parquet`) is written
 * percent-encoded (`refs%2Fconvert%2Fparquet`), as HfFileSystem does.
 */
export interface HubUri {
  /** `owner/name`. */
  repo: string;
  /** Branch, tag or commit as written; undefined = `main`. */
  revision: string | undefined;
  /** What follows the repo: a file path, `<split>`, `<config>/<split>`, or '' for "the only data file". */
  path: string;
  /** The URI as given, for messages and run.json. */
  text: string;
}

export const HUB_PREFIX = 'hf://';

export function isHubUri(s: string): boolean {
  return s.startsWith(HUB_PREFIX);
}

/** `hf://datasets/owner/name@<commit>/<path>`: the same data, pinned to the commit it was read at. */
export function pinnedUri(u: HubUri, commit: string): string {
  return `${HUB_PREFIX}datasets/${u.repo}@${commit}${u.path ? `/${u.path}` : ''}`;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseHubUri(text: string): HubUri {
  const bad = (why: string): UsageError => new UsageError(`--data ${text}: ${why} (expected hf://datasets/OWNER/NAME[@REVISION][/PATH])`);
  if (!isHubUri(text)) throw bad('not an hf:// URI');
  const rest = text.slice(HUB_PREFIX.length);
  const [kind, owner, nameRev, ...tail] = rest.split('/');
  if (kind !== 'datasets')
    throw bad(kind === 'models' || kind === 'spaces' ? `only dataset repos are data (got ${kind}/)` : 'it must start with hf://datasets/');
  if (!owner || !nameRev) throw bad('the repo needs an owner and a name');
  const at = nameRev.indexOf('@');
  const name = at < 0 ? nameRev : nameRev.slice(0, at);
  let revision: string | undefined;
  if (at >= 0) {
    try {
      revision = decodeURIComponent(nameRev.slice(at + 1));
    } catch {
      throw bad(`bad percent-encoding in the revision "${nameRev.slice(at + 1)}"`);
    }
    if (revision === '') throw bad('empty revision after @');
  }
  if (!NAME.test(owner) || !NAME.test(name)) throw bad(`"${owner}/${name}" is not a repo name`);
  const segments = tail.filter((s) => s !== '');
  // The path is joined onto the cache folder later: refuse anything that could climb out of it.
  if (segments.some((s) => s === '.' || s === '..' || s.includes('\\'))) throw bad('the path may not hold ".", ".." or "\\"');
  return { repo: `${owner}/${name}`, revision, path: segments.join('/'), text };
}
