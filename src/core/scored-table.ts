/**
 * One suite's scored items as the statistics keep them, column by column: an item costs its id,
 * two 4-byte codes and 9 bytes per value it has. Held as objects (an item, its values object),
 * a million pairs' run peaked 288 MB higher (917 against 629 MB). Clusters, subsets and facets
 * are interned; values sit in one Float64Array per key with a presence byte, so an absent value
 * and NaN stay apart; number series (ProcessBench's steps) are few and sit in a Map.
 */

/** A scored item as callers hand it over: a suite's outcome, or a scores.jsonl line read back. */
export interface ScoredItem {
  id: string;
  cluster: string;
  subset?: string | undefined;
  facets?: Readonly<Record<string, string>> | undefined;
  values: Readonly<Record<string, number>>;
  /** Number lists that `pooled` metrics read (ItemOutcome.series). */
  series?: Readonly<Record<string, readonly number[]>> | undefined;
}

/** One value key's column: values[row] is meaningful where has[row] is 1. */
export interface Column {
  readonly values: Float64Array;
  readonly has: Uint8Array;
}

/** An item's subset and facets, with the result subsets it is reported under. */
interface Place {
  subset: string | undefined;
  groups: readonly string[];
}

/** The subsets an item is reported under: `all`, its subset, and `key=value` per facet. */
export function groupsOf(item: Pick<ScoredItem, 'subset' | 'facets'>): string[] {
  const groups = ['all'];
  if (item.subset !== undefined) groups.push(item.subset);
  for (const [k, v] of Object.entries(item.facets ?? {}).sort(([a], [b]) => a.localeCompare(b))) groups.push(`${k}=${v}`);
  return groups;
}

const INITIAL = 1024;

export class ScoredTable {
  private n = 0;
  private cap = INITIAL;
  private readonly ids: string[] = [];
  private clusterCode = new Uint32Array(INITIAL);
  private readonly clusterNames: string[] = [];
  private readonly clusterCodes = new Map<string, number>();
  private placeCode = new Uint32Array(INITIAL);
  private readonly places: Place[] = [];
  private readonly placeCodes = new Map<string, number>();
  private readonly columns = new Map<string, { values: Float64Array; has: Uint8Array }>();
  private readonly seriesOf = new Map<number, Readonly<Record<string, readonly number[]>>>();

  static from(items: Iterable<ScoredItem>): ScoredTable {
    const t = new ScoredTable();
    for (const it of items) t.add(it);
    return t;
  }

  get size(): number {
    return this.n;
  }

  /** Distinct clusters added so far. */
  get clusterCount(): number {
    return this.clusterNames.length;
  }

  add(item: ScoredItem): void {
    if (this.n === this.cap) this.grow();
    const row = this.n++;
    this.ids.push(item.id);
    let c = this.clusterCodes.get(item.cluster);
    if (c === undefined) {
      c = this.clusterNames.length;
      this.clusterCodes.set(item.cluster, c);
      this.clusterNames.push(item.cluster);
    }
    this.clusterCode[row] = c;
    this.placeCode[row] = this.place(item.subset, item.facets);
    for (const key in item.values) {
      const v = item.values[key];
      // An explicit undefined is an absent value, as it was to the statistics and is to JSON.
      if (v === undefined) continue;
      let col = this.columns.get(key);
      if (col === undefined) this.columns.set(key, (col = { values: new Float64Array(this.cap), has: new Uint8Array(this.cap) }));
      col.values[row] = v;
      col.has[row] = 1;
    }
    if (item.series !== undefined) this.seriesOf.set(row, item.series);
  }

  id(row: number): string {
    return this.ids[row]!;
  }

  cluster(row: number): string {
    return this.clusterNames[this.clusterCode[row]!]!;
  }

  /** The row's cluster as a number: clusters are numbered in the order they were first added. */
  clusterNumber(row: number): number {
    return this.clusterCode[row]!;
  }

  /** Cluster number → its name. */
  clusterName(code: number): string {
    return this.clusterNames[code]!;
  }

  subset(row: number): string | undefined {
    return this.places[this.placeCode[row]!]!.subset;
  }

  /** groupsOf the row, computed once per distinct (subset, facets). */
  groups(row: number): readonly string[] {
    return this.places[this.placeCode[row]!]!.groups;
  }

  /** The column of one value key, or undefined when no row has it; the arrays may be longer than `size`. */
  column(key: string): Column | undefined {
    return this.columns.get(key);
  }

  value(row: number, key: string): number | undefined {
    const col = this.columns.get(key);
    return col !== undefined && col.has[row] === 1 ? col.values[row] : undefined;
  }

  series(row: number, key: string): readonly number[] | undefined {
    return this.seriesOf.get(row)?.[key];
  }

  private place(subset: string | undefined, facets: Readonly<Record<string, string>> | undefined): number {
    const plain = facets === undefined || Object.keys(facets).length === 0;
    const key = plain ? (subset === undefined ? '\0' : `\u0001${subset}`) : JSON.stringify([subset ?? null, Object.entries(facets).sort()]);
    let code = this.placeCodes.get(key);
    if (code === undefined) {
      code = this.places.length;
      this.placeCodes.set(key, code);
      this.places.push({ subset, groups: groupsOf({ subset, facets }) });
    }
    return code;
  }

  private grow(): void {
    this.cap *= 2;
    const widen = <A extends Float64Array | Uint32Array | Uint8Array>(a: A, make: new (n: number) => A): A => {
      const b = new make(this.cap);
      b.set(a);
      return b;
    };
    this.clusterCode = widen(this.clusterCode, Uint32Array);
    this.placeCode = widen(this.placeCode, Uint32Array);
    for (const col of this.columns.values()) {
      col.values = widen(col.values, Float64Array);
      col.has = widen(col.has, Uint8Array);
    }
  }
}
