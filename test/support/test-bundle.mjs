// The test command's bundles: each test file (and each group of them, test-groups.mjs) bundled
// with esbuild, to run on plain node. Why not tap's runner: it starts every file with three
// module-loader hooks (tsx, tap's processinfo, tap's mock), each of which costs a loader thread,
// and about 1 s of CPU per file went to them; a bundle on plain node starts in about 0.2 s.
//
// Bundling keeps each module's own location: `import.meta.url` (and dirname, filename) are
// replaced by the source file's, so paths a module resolves next to itself stay right.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { groupEntries } from './test-groups.mjs';

// Worker threads: from source, each worker would register tsx and compile its modules again
// (about 0.75 s of CPU per worker, and tests start hundreds of session workers). So each worker
// entry is bundled once, and the module that starts it gets the bundle's location, where it
// looks for a compiled `./<worker>.js` as it does in dist/.
const WORKERS = { 'src/gpu/pool.ts': 'src/gpu/session-worker.ts', 'src/metrics/parallel-draws.ts': 'src/metrics/draw-worker.ts' };

/** Each TypeScript source with its own location written in, instead of the bundle's (a worker host: its bundled worker's). */
const ownLocation = (root, outdir) => ({
  name: 'own-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const host = relative(root, args.path).split('\\').join('/');
      const url = host in WORKERS ? pathToFileURL(join(outdir, host.replace(/\.ts$/, '.js'))).href : pathToFileURL(args.path).href;
      const text = readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k) =>
        JSON.stringify(k === 'url' ? url : k === 'dirname' ? dirname(args.path) : args.path),
      );
      return { contents: text, loader: 'ts' };
    });
  },
});

// tap itself is bundled (with everything it imports), the project's other packages stay outside:
// resolving and loading tap's few hundred modules cost about 0.25 s of CPU per test file, a
// bundled copy about 0.02 s. CommonJS inside tap's tree needs `require`, which the banner gives.
const TAP = /^(tap|@tapjs\/.*)$/;
const inNodeModules = (path) => path.split('\\').join('/').includes('/node_modules/');
const tapInside = {
  name: 'tap-inside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || TAP.test(args.path.replace(/^(@[^/]+\/[^/]+|[^/]+).*$/, '$1'))) return undefined;
      // An import from a module already in the bundle (one of tap's) is bundled too.
      return inNodeModules(args.importer) ? undefined : { external: true };
    });
  },
};

/** Where a job's bundle is: a file's beside its path, a group's `groups/<name>.mjs`. */
export const bundleOf = (outdir, { name, group }) => (group ? join(outdir, 'groups', `${name}.mjs`) : join(outdir, name.replace(/\.ts$/, '.mjs')));

/** Bundles the files (those not in `unbundled`), the workers and the groups into outdir, afresh. */
export async function bundleTests({ root, outdir, files, unbundled, groups, timeoutS }) {
  rmSync(outdir, { recursive: true, force: true });
  const options = {
    outdir,
    outbase: root,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node parses every inline map of a module it loads under --enable-source-maps: maps without
    // the sources' text, and none for chunks of tap's code alone (see below), cost less per file.
    sourcemap: 'inline',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [ownLocation(root, outdir), tapInside],
  };
  const built = await Promise.all([
    esbuild.build({ ...options, entryPoints: files.filter((f) => !unbundled.has(f)).map((f) => join(root, f)), outExtension: { '.js': '.mjs' } }),
    esbuild.build({ ...options, entryPoints: Object.values(WORKERS).map((f) => join(root, f)) }),
    esbuild.build({
      ...options,
      outdir: join(outdir, 'groups'),
      entryPoints: Object.fromEntries(groups.map((g, k) => [g.name, `group:${k}`])),
      outExtension: { '.js': '.mjs' },
      plugins: [
        groupEntries(
          root,
          groups.map((g) => g.files),
          timeoutS,
        ),
        ...options.plugins,
      ],
    }),
  ]);
  // A chunk made only of packages (tap's) keeps no map: a stack trace through tap is not ours to
  // read, and parsing its map cost each test file about 0.1 s of CPU.
  for (const [out, { inputs }] of built.flatMap((b) => Object.entries(b.metafile.outputs))) {
    if (!out.endsWith('.map') && Object.keys(inputs).length > 0 && Object.keys(inputs).every((i) => i.includes('node_modules/'))) {
      const path = resolve(root, out);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=data:[^\n]*\n?$/, '\n'));
    }
  }
}
