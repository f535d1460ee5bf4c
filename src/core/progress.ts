/**
 * Progress of model calls: a live, rewritten line with items/s and ETA on a terminal; a plain
 * line every `intervalMs` (and at the end) when output is a file, a pipe or CI, where a
 * rewritten line would come out as noise.
 */
export type ProgressMode = 'live' | 'plain' | 'off';

export interface ProgressOptions {
  label: string;
  total: number;
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  mode: ProgressMode;
  intervalMs?: number;
  now?: () => number;
}

export function progressMode(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, quiet: boolean): ProgressMode {
  if (quiet) return 'off';
  return stream.isTTY && !env.CI ? 'live' : 'plain';
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export class Progress {
  private done = 0;
  private readonly start: number;
  private lastDraw: number;
  private drawn = false;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? (() => performance.now());
    this.start = this.now();
    this.intervalMs = o.intervalMs ?? (o.mode === 'live' ? 100 : 10_000);
    // A live line shows at once; plain lines start after one interval, so fast runs print none.
    this.lastDraw = o.mode === 'live' ? -Infinity : this.start;
  }

  line(): string {
    const elapsed = (this.now() - this.start) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const eta = rate > 0 ? (this.o.total - this.done) / rate : Infinity;
    const pct = this.o.total > 0 ? Math.floor((100 * this.done) / this.o.total) : 100;
    return `${this.o.label}  ${this.done}/${this.o.total} (${pct}%)  ${rate.toFixed(1)} items/s  ETA ${formatDuration(eta)}`;
  }

  /** A new estimate of the total: a streamed dataset's size in items is known only as it is read. */
  setTotal(total: number): void {
    this.o.total = total;
  }

  tick(n: number): void {
    this.done += n;
    if (this.o.mode === 'off') return;
    const t = this.now();
    if (t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.draw();
  }

  private draw(): void {
    this.drawn = true;
    if (this.o.mode === 'live') {
      const width = (this.o.stream.columns ?? 100) - 1;
      this.o.stream.write(`\r${this.line().slice(0, width).padEnd(width)}`);
    } else {
      this.o.stream.write(`${this.line()}\n`);
    }
  }

  /** Ends the display: a last line if progress lines were printed (the caller logs totals). */
  finish(): void {
    if (this.o.mode === 'off' || !this.drawn) return;
    const elapsed = (this.now() - this.start) / 1000;
    const summary = `${this.o.label}  ${this.done}/${this.o.total} done in ${formatDuration(elapsed)}`;
    if (this.o.mode === 'live') this.o.stream.write(`\r${summary.padEnd((this.o.stream.columns ?? 100) - 1)}\n`);
    else this.o.stream.write(`${summary}\n`);
  }
}
