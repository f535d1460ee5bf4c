// The test command's plan: which files run alone, which run several to a process, and in what
// order. Every process pays about 0.2 s of CPU to start node and load tap and the project's
// modules before a test runs; for the hundred-odd files whose own work is about that size, that
// was a third of the suite's CPU. So cheap files run in groups: a group's entry imports its files
// one after another, each inside a top-level subtest named by the file, whose `t` the file's own
// `import t from 'tap'` gets (tap-shim.mjs), so its tests, hooks and teardowns stay its own. The
// group's TAP is then split back into one block per file, and each is reported as if it ran alone.
//
// What a file costs comes from test-costs.json (CPU seconds alone, written by `--record`). A
// stale entry only costs speed; a file not in it runs alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file at or above this many CPU seconds runs alone: its start-up is a small part of its cost. */
export const GROUP_BELOW_S = 2;
/** A group holds files up to this many CPU seconds (as each costs alone), so no group is a long tail. */
export const GROUP_CPU_S = 6;
const SHIM = 'test/support/tap-shim.mjs';

export const costsFile = (root) => join(root, 'test', 'support', 'test-costs.json');
export const readCosts = (root) => JSON.parse(readFileSync(costsFile(root), 'utf8'));

/** A seeded permutation (mulberry32), for `--shuffle`: which files share a process, and in what order. */
function shuffled(items, seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The jobs, costliest first (a file not in `costs` counts as UNKNOWN_S): `{ name, files, cost, group }`,
 * where a group (`group: true`) runs several files and a file alone is its own `name`. `grouping: false`
 * runs every file alone; `seed` shuffles the grouped files before they are packed.
 */
export function planJobs({ names, costs, canGroup, grouping = true, seed }) {
  const UNKNOWN_S = 3;
  const cost = (f) => costs[f] ?? UNKNOWN_S;
  const small = grouping ? names.filter((f) => canGroup(f) && f in costs && cost(f) < GROUP_BELOW_S) : [];
  const jobs = names.filter((f) => !small.includes(f)).map((f) => ({ name: f, files: [f], cost: cost(f), group: false }));
  const groups = [];
  for (const f of seed === undefined ? small : shuffled(small, seed)) {
    let g = groups.at(-1);
    if (!g || g.cost + cost(f) > GROUP_CPU_S) groups.push((g = { name: `group-${groups.length + 1}`, files: [], cost: 0, group: true }));
    g.files.push(f);
    g.cost += cost(f);
  }
  // Costliest first, so that none is left running alone at the end; ties keep the files' order.
  return [...jobs, ...groups].map((j, i) => ({ ...j, i })).sort((a, b) => b.cost - a.cost || a.i - b.i);
}

/**
 * An esbuild plugin for group entries: `group:K` is the entry that runs `groups[K]` (each file with
 * its own timeout), and a test module's `tap` is the shim (the shim's and the entry's are tap's).
 */
export function groupEntries(root, groups, timeoutS) {
  const shim = join(root, SHIM);
  return {
    name: 'group-entries',
    setup(build) {
      build.onResolve({ filter: /^group:\d+$/ }, (args) => ({ path: args.path, namespace: 'group' }));
      build.onResolve({ filter: /^tap$/ }, (args) =>
        args.importer === shim || args.namespace === 'group' || args.importer.includes('/node_modules/') ? undefined : { path: shim },
      );
      build.onLoad({ filter: /.*/, namespace: 'group' }, (args) => {
        const files = groups[Number(args.path.slice('group:'.length))];
        const loads = files.map((f) => `  [${JSON.stringify(f)}, () => import(${JSON.stringify(`./${f}`)})],`).join('\n');
        const contents = `import tap from 'tap';
import { enter } from ${JSON.stringify(shim)};
for (const [file, load] of [\n${loads}\n]) {
  await tap.test(file, { timeout: ${timeoutS * 1000} }, async (t) => {
    enter(t);
    await load();
  });
}
`;
        return { resolveDir: root, loader: 'js', contents };
      });
    },
  };
}

/**
 * A group's TAP split into its files' blocks: `{ body, ok, ended, diag, ms }` per file, the body's
 * lines indented as a subtest's already. A file the process did not finish has `ended: false`; a
 * file it never began is absent.
 */
export function splitGroup(out) {
  const blocks = new Map();
  let open;
  let closed;
  for (const line of out.replace(/\n$/, '').split('\n')) {
    const start = /^# Subtest: (.*)$/.exec(line);
    const end = /^(ok|not ok) \d+ - (.*?)(?: # time=([\d.]+)ms)?$/.exec(line);
    if (start) {
      open = { body: [], ok: false, ended: false, diag: [], ms: 0 };
      blocks.set(start[1], open);
      closed = undefined;
    } else if (end && open && blocks.get(end[2]) === open) {
      Object.assign(open, { ok: end[1] === 'ok', ended: true, ms: Number(end[3] ?? 0) });
      closed = open;
      open = undefined;
    } else if (open && (line === '' || line.startsWith('    '))) open.body.push(line);
    else if (closed && /^  (\S|$)/.test(line)) closed.diag.push(line);
  }
  return blocks;
}

/** The YAML diagnostics of a process that failed: its exit and the end of its stderr. */
export const exitDiag = ({ code, signal, err }) => [
  '  ---',
  `  exitCode: ${code}`,
  `  signal: ${signal}`,
  `  stderr: ${JSON.stringify(err.slice(-4000))}`,
  '  ...',
];

/**
 * What each of a group's files did, from the group process's `{ out, err, code, signal }`: reports
 * `{ file, body, ok, diag, ms }` for the files it began, in order, and the files it never began. A
 * file the process did not finish fails with the process's exit and stderr, as does the last file
 * when the process failed after its files passed (an error after the last test, say).
 */
export function groupResults(files, result) {
  const blocks = splitGroup(result.out);
  const reports = [];
  for (const file of files) {
    const b = blocks.get(file);
    if (b) reports.push({ file, body: b.body.join('\n'), ok: b.ended && b.ok, diag: !b.ended ? exitDiag(result) : b.ok ? [] : b.diag, ms: b.ms });
  }
  const last = reports.at(-1);
  if (last && reports.every((r) => r.ok) && (result.code !== 0 || result.signal !== null)) Object.assign(last, { ok: false, diag: exitDiag(result) });
  return { reports, notBegun: files.filter((f) => !blocks.has(f)) };
}
