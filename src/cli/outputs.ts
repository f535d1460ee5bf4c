import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';
import { asFsError, errnoCode, FsError } from '../core/fs-errors.js';
import { splitTopLevel } from '../core/model-spec.js';
import type { RunPlan } from '../run/plan.js';
import type { ModelSpec } from '../core/types.js';

/**
 * No verb writes onto what it reads: `report RUN --out RUN/run.json` would replace the run with
 * the page, and exit 0. Every verb lists the files it reads and the files it will write before it
 * does any work; an output that is an input (through any symlink or hard link), or that would
 * replace a folder holding one, is exit 2 naming both.
 */

/** A path and what it is to the command, for the message: "--out", "run runs/a", "--policy". */
export interface Role {
  path: string;
  role: string;
  /** An output folder written into (not replaced): only a file where it must go clashes with it. */
  folder?: boolean;
}

interface Located extends Role {
  /** The path with every existing part resolved through symlinks. */
  real: string;
  /** device:inode when it exists, so a hard link is the same file too. */
  id?: string;
  dir?: boolean;
}

async function locate(r: Role): Promise<Located> {
  let real: string;
  try {
    real = await realpath(r.path);
  } catch {
    // Not there (yet): resolve what exists of it; an output usually does not exist.
    const parent = dirname(r.path);
    if (parent === r.path) return { ...r, real: r.path };
    return { ...r, real: join((await locate({ path: parent, role: r.role })).real, basename(r.path)) };
  }
  const st = await stat(real).catch(() => undefined);
  return { ...r, real, ...(st && { id: `${st.dev}:${st.ino}`, dir: st.isDirectory() }) };
}

const inside = (child: string, parent: string): boolean => child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/** Why writing `out` would destroy `input`, or undefined when it would not. */
function clash(out: Located, input: Located): string | undefined {
  if ((out.dir || out.folder) && input.dir) return undefined;
  if ((out.id !== undefined && out.id === input.id) || out.real === input.real) return 'is';
  // Replacing a folder replaces what it holds; a file cannot become a folder for the output to go in.
  if (!out.folder && inside(input.real, out.real)) return 'would replace a folder holding';
  if (input.dir === false && inside(out.real, input.real)) return 'needs a folder where there is';
  return undefined;
}

/**
 * Exit 2 when an output is, or would overwrite, an input, or two outputs are one file. Inputs that
 * do not exist are skipped: they cannot be overwritten, and reading them fails on its own.
 */
export async function refuseOverwritingInputs(command: string, inputs: readonly Role[], outputs: readonly Role[], cwd: string): Promise<void> {
  const show = (p: string): string => {
    const r = relative(cwd, p);
    return r === '' ? '.' : r.startsWith('..') || isAbsolute(r) ? p : r;
  };
  const ins = await Promise.all(inputs.map(locate));
  const outs = await Promise.all(outputs.map(locate));
  for (const [i, out] of outs.entries()) {
    for (const input of ins) {
      if (input.id === undefined) continue;
      const how = clash(out, input);
      if (how) {
        throw new UsageError(
          `rewardgauge ${command}: the output ${show(out.path)} (${out.role}) ${how} the input ${show(input.path)} (${input.role}), which this command reads: write it somewhere else`,
        );
      }
    }
    for (const other of outs.slice(i + 1)) {
      if (other.real === out.real)
        throw new UsageError(`rewardgauge ${command}: ${out.role} and ${other.role} are the same file ${show(out.path)}: give each its own path`);
    }
  }
}

/** The files a run folder (or its run.json) is read from: run.json, and the `beside` files next to it (scores.jsonl). */
export async function runInputs(path: string, role: string, beside: readonly string[] = []): Promise<Role[]> {
  const isDir = (await stat(path).catch(() => undefined))?.isDirectory() === true;
  const dir = isDir ? path : dirname(path);
  return [{ path: isDir ? join(path, 'run.json') : path, role }, ...beside.map((f) => ({ path: join(dir, f), role }))];
}

/** The files written into a run folder: run.json, scores.jsonl and (unless `html` is false) index.html. */
export function runOutputs(dir: string, role: string, html = true): Role[] {
  return ['run.json', 'scores.jsonl', ...(html ? ['index.html'] : [])].map((f) => ({ path: join(dir, f), role }));
}

const isUrl = (s: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

/**
 * Paths a model spec may read: its target and option values (a scores file, a tokenizer folder, a
 * chat template), and the same for the members of ensemble:…(A,B) and hybrid:(A,B). Over-inclusive
 * on purpose: a value that happens to name an existing file is treated as read.
 */
export function specInputs(spec: Pick<ModelSpec, 'adapter' | 'target' | 'options' | 'source' | 'baseDir'>, cwd: string): Role[] {
  const base = spec.baseDir ?? cwd;
  const role = `model ${spec.source}`;
  const out: Role[] = [];
  const add = (value: string): void => {
    if (value !== '' && !isUrl(value)) out.push({ path: resolve(base, value), role });
  };
  const open = spec.target.indexOf('(');
  if (open >= 0 && spec.target.endsWith(')')) {
    for (const part of splitTopLevel(spec.target.slice(open + 1, -1), ';', spec.source)) {
      for (const member of splitTopLevel(part, ',', spec.source)) memberPaths(member.trim(), add);
    }
  } else add(spec.target);
  for (const v of Object.values(spec.options)) add(v);
  return out;
}

/** A member spec's target and option values, as text (members are parsed for real by their adapter). */
function memberPaths(member: string, add: (value: string) => void): void {
  const colon = member.indexOf(':');
  if (colon <= 0) return add(member.replace(/^[^=]*=/, ''));
  const rest = member.slice(colon + 1);
  const open = rest.indexOf('(');
  if (open >= 0 && rest.endsWith(')')) {
    for (const part of splitTopLevel(rest.slice(open + 1, -1), ';', member)) for (const m of splitTopLevel(part, ',', member)) memberPaths(m.trim(), add);
    return;
  }
  const q = rest.indexOf('?');
  add(q < 0 ? rest : rest.slice(0, q));
  if (q >= 0) for (const kv of rest.slice(q + 1).split('&')) add(decodeURIComponentSafe(kv.slice(kv.indexOf('=') + 1)));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What `run` reads from disk: the config file, the suites' data files, the models' files and the downstream pool. */
export function runInputPaths(plan: Pick<RunPlan, 'suites' | 'models' | 'cwd'>, config: string | undefined, pool: string | undefined): Role[] {
  const inputs: Role[] = plan.models.flatMap((m) => specInputs(m, plan.cwd));
  if (config !== undefined) inputs.push({ path: resolve(plan.cwd, config), role: '--config' });
  for (const s of plan.suites) if (s.data !== undefined && !isUrl(s.data)) inputs.push({ path: resolve(plan.cwd, s.data), role: `the data of suite ${s.id}` });
  if (pool !== undefined) inputs.push({ path: pool, role: 'the downstream pool' });
  return inputs;
}

/** What `run` writes into `out`, with the downstream probe's and correlation's run folders. */
export function runOutputPaths(out: string, downstream: boolean): Role[] {
  const sub = (name: string): Role[] => runOutputs(join(out, name), `--out (${name})`, false);
  return [...runOutputs(out, '--out'), ...(downstream ? [...sub('probe-bon'), ...sub('correlation')] : [])];
}

/** Whether two paths are one existing folder (through symlinks). */
export async function sameFolder(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((p) => realpath(p).catch(() => p)));
  return x === y;
}

/**
 * Fail before any work when the output folder `dir` can never be made: a file in its place or on
 * its path, or an existing parent that cannot be written. Creates nothing.
 */
export async function checkOutputFolder(dir: string): Promise<void> {
  let p = dir;
  for (;;) {
    const st = await stat(p).catch((err: unknown) =>
      errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR' ? undefined : Promise.reject(asFsError('create folder', dir, err)),
    );
    if (st) {
      if (!st.isDirectory()) throw p === dir ? new FsError('create folder', dir, 'EEXIST') : new FsError('create folder', dir, 'ENOTDIR', `${p} is a file`);
      await access(p, constants.W_OK).catch((err: unknown) => Promise.reject(asFsError('create folder', dir, err)));
      return;
    }
    const parent = dirname(p);
    if (parent === p) return;
    p = parent;
  }
}

/** An output that cannot be written says whether the scores behind it survive (in the cache) or not. */
export function lostOrKept(err: unknown, cache: { dir: string; enabled: boolean }, cacheWritable: boolean): unknown {
  if (!(err instanceof FsError)) return err;
  if (cacheWritable) return err.withHint(`the scores are in the score cache ${cache.dir}: rerun with a writable --out and no model is asked again`);
  return err.withHint(
    cache.enabled
      ? "the score cache could not take this run's new scores either (see the warning above)"
      : "the cache was off (--no-cache), so this run's scores are lost",
  );
}
