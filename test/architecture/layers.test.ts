import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import t from 'tap';
import { parseSync } from 'oxc-parser';
import { root, tmp } from '../support/helpers.js';

/**
 * The layer rule: each folder of src and the folders it may import. A folder lower down never
 * imports one above it, so the kernel (core) can be read, tested and reused without the plugins,
 * and a plugin folder never reaches the orchestration that loads it. A new folder must be placed here.
 */
const LAYERS: Record<string, readonly string[]> = {
  core: [],
  metrics: ['core'],
  onnx: ['core'],
  hub: ['core'],
  verifiers: ['core'],
  gpu: ['core', 'onnx'],
  adapters: ['core', 'metrics', 'onnx', 'hub', 'verifiers', 'gpu'],
  benchmarks: ['core', 'metrics'],
  gate: ['core', 'metrics'],
  report: ['core', 'metrics', 'gate'],
  run: ['core', 'metrics', 'onnx', 'hub', 'verifiers', 'gpu', 'adapters', 'benchmarks', 'gate'],
  probes: ['core', 'metrics', 'benchmarks', 'report', 'run'],
  cli: ['core', 'metrics', 'onnx', 'hub', 'verifiers', 'gpu', 'adapters', 'benchmarks', 'gate', 'report', 'run', 'probes'],
  // The package's entry point, a second front door beside the CLI: it shares the CLI's output checks.
  api: ['core', 'metrics', 'onnx', 'hub', 'verifiers', 'gpu', 'adapters', 'benchmarks', 'gate', 'report', 'run', 'probes', 'cli'],
};

const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** A string literal's text, or undefined for anything else (a computed specifier is not followed). */
const literal = (node: unknown): string | undefined => {
  const n = node as { type?: string; value?: unknown } | null | undefined;
  return n?.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined;
};

/**
 * Every module specifier a file names: imports (`import type` too), `export … from`, `import()`
 * calls, `import('…')` types and `import x = require('…')`. Parsed by oxc-parser (ESTree with
 * TypeScript's nodes): TypeScript 7, the compiler here, has no stable JavaScript API.
 */
function specifiers(file: string): string[] {
  const { program, errors } = parseSync(file, readFileSync(file, 'utf8'));
  if (errors.length > 0) throw new Error(`${file}: ${errors[0]!.message}`);
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string };
    const named =
      n.type === 'ImportDeclaration' ||
      n.type === 'ExportAllDeclaration' ||
      n.type === 'ExportNamedDeclaration' ||
      n.type === 'ImportExpression' ||
      n.type === 'TSImportType'
        ? literal(n.source)
        : n.type === 'TSExternalModuleReference'
          ? literal(n.expression)
          : undefined;
    if (named !== undefined) out.push(named);
    for (const value of Object.values(n)) if (value !== null && typeof value === 'object') visit(value);
  };
  visit(program);
  return out;
}

/** The .ts file a relative specifier names (NodeNext: `./x.js` is `./x.ts`), or undefined when there is none. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  const target = resolve(dirname(from), spec);
  const candidates = [
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    target.replace(/\.cjs$/, '.cts'),
    target,
    `${target}.ts`,
    join(target, 'index.ts'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

const rel = (file: string): string => relative(src, file).split(sep).join('/');
/** The folder of a file named relative to src. */
const folderOf = (file: string): string => file.split('/')[0]!;

/** File → the src files it imports, relative to src; unresolved relative specifiers are collected. */
function importGraph(): { graph: Map<string, string[]>; unresolved: string[] } {
  const graph = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of sourceFiles(src)) {
    const edges: string[] = [];
    for (const spec of specifiers(file)) {
      if (!spec.startsWith('.')) continue;
      const target = resolveSpecifier(file, spec);
      if (!target) unresolved.push(`${rel(file)}: '${spec}'`);
      else if (target.startsWith(src + sep)) edges.push(rel(target));
      else unresolved.push(`${rel(file)}: '${spec}' is outside src`);
    }
    graph.set(rel(file), [...new Set(edges)].sort());
  }
  return { graph, unresolved };
}

/** One cycle through each strongly connected component with more than one file (or a file importing itself), as a path. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, recursive: src has a few hundred files, well within the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  // Within a component every file reaches every other: walk from its first file back to it.
  return components.map((component) => {
    const inside = new Set(component);
    const start = component[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
          return [...path, start];
        }
        if (inside.has(w) && !previous.has(w) && w !== start) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return component;
  });
}

const { graph, unresolved } = importGraph();

t.test('the scan sees every form of import, and nothing inside a string or a comment', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'forms.ts');
  writeFileSync(
    file,
    [
      "import type { A } from './a.js';",
      "import b, { c } from './b.js';",
      "export * from './c.js';",
      "export { d } from './d.js';",
      "const e = await import('./e.js');",
      "type F = import('./f.js').F;",
      "import g = require('./g.js');",
      "import './h.js';",
      "const s = \"import('./not-a.js')\"; // import x from './not-b.js'",
      "/* export * from './not-c.js' */ const k = import(`./${s}.js`);",
      'export { b, c, e, g, k };',
    ].join('\n'),
  );
  t.strictSame(specifiers(file), ['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js']);
});

t.test('every relative import names a file in src', async (t) => {
  t.strictSame(unresolved, []);
});

t.test('every folder under src is placed in the layer rule, and the rule names only folders', async (t) => {
  const folders = readdirSync(src)
    .filter((name) => statSync(join(src, name)).isDirectory())
    .sort();
  t.strictSame(
    folders.filter((f) => !Object.hasOwn(LAYERS, f)),
    [],
    'folders missing from LAYERS',
  );
  t.strictSame(
    Object.keys(LAYERS).filter((f) => !folders.includes(f)),
    [],
    'LAYERS names folders that do not exist',
  );
  const loose = [...graph.keys()].filter((f) => !f.includes('/'));
  t.strictSame(loose, [], 'files directly in src belong to no layer');
});

t.test('the layer rule is itself layered: no folder may import one that may import it back', async (t) => {
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    (LAYERS[from] ?? []).some((f) => f === to || (!seen.has(f) && (seen.add(f), reaches(f, to, seen))));
  t.strictSame(
    Object.keys(LAYERS).filter((f) => reaches(f, f)),
    [],
  );
});

t.test('no import breaks the layer rule', async (t) => {
  const broken: string[] = [];
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    for (const target of targets) {
      const to = folderOf(target);
      if (to !== from && !(LAYERS[from] ?? []).includes(to))
        broken.push(`${file} imports ${target} (${from} may import: ${(LAYERS[from] ?? []).join(', ') || 'nothing'})`);
    }
  }
  t.strictSame(broken, []);
});

t.test('no file-level import cycle', async (t) => {
  t.strictSame(
    cycles(graph).map((c) => c.join(' → ')),
    [],
  );
});
