import { UsageError } from './errors.js';

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidates to `name`, best first; only those within a third of its length. */
export function suggest(name: string, candidates: readonly string[]): string[] {
  const limit = Math.max(2, Math.ceil(name.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= limit || c.startsWith(name) || name.startsWith(c))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .map(({ c }) => c);
}

export function unknownNameMessage(kind: string, name: string, available: readonly string[]): string {
  const close = suggest(name, available);
  const hint =
    close.length > 0
      ? ` Did you mean ${close
          .slice(0, 3)
          .map((c) => `"${c}"`)
          .join(' or ')}?`
      : '';
  return `unknown ${kind} "${name}".${hint} Available: ${[...available].sort().join(', ')}.`;
}

/**
 * A literal map from id to a lazy import. The id type derives from the map, and
 * nothing is imported until it is asked for, so `--help` and `ls` start fast.
 * Plugins add ids at run time (`register`); they are typed as `Id` too, since callers
 * treat ids as opaque strings once past `check`.
 */
export class Registry<Id extends string, Module> {
  private readonly cache = new Map<string, Promise<Module>>();
  private readonly added = new Map<string, { origin: string; load: () => Promise<Module> }>();
  constructor(
    readonly kind: string,
    private readonly loaders: Record<Id, () => Promise<Module>>,
  ) {}

  ids(): Id[] {
    return ([...Object.keys(this.loaders), ...this.added.keys()] as Id[]).sort();
  }

  has(id: string): id is Id {
    return Object.hasOwn(this.loaders, id) || this.added.has(id);
  }

  isBuiltIn(id: string): boolean {
    return Object.hasOwn(this.loaders, id);
  }

  /**
   * Add a plugin's id. `origin` (the plugin file) names it in errors; registering the same id from
   * the same origin again replaces it, so a process that evaluates twice with one plugin works, while
   * two files claiming one id, or a plugin shadowing a built-in, is refused: either would silently
   * change what a run.json's id means.
   */
  register(id: string, load: () => Promise<Module>, origin: string): void {
    if (this.isBuiltIn(id)) throw new UsageError(`plugin ${origin}: "${id}" is a built-in ${this.kind}; give the plugin's ${this.kind} another id`);
    const earlier = this.added.get(id)?.origin;
    if (earlier !== undefined && earlier !== origin) throw new UsageError(`plugin ${origin}: ${this.kind} "${id}" is already registered by plugin ${earlier}`);
    this.added.set(id, { origin, load });
    this.cache.delete(id);
  }

  /** Throws a UsageError with suggestions when the id is unknown. */
  check(id: string): Id {
    if (!this.has(id)) throw new UsageError(unknownNameMessage(this.kind, id, this.ids()));
    return id;
  }

  load(id: string): Promise<Module> {
    const known = this.check(id);
    let mod = this.cache.get(known);
    if (!mod) {
      mod = this.isBuiltIn(known) ? this.loaders[known]() : this.added.get(known)!.load();
      this.cache.set(known, mod);
    }
    return mod;
  }
}

/**
 * `defineRegistry<Module>()(kind, loaders)`: the module type is fixed by the caller, the id type
 * derives from the map's keys.
 */
export function defineRegistry<Module>() {
  return <Id extends string>(kind: string, loaders: Record<Id, () => Promise<Module>>): Registry<Id, Module> => new Registry<Id, Module>(kind, loaders);
}
