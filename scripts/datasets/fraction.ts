/**
 * Exact rationals for the math datasets: answers are compared as strings, so 0.1 + 0.2 style
 * float drift would silently make a "correct" reference solution wrong.
 */
function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export type Num = Q | number;

export class Q {
  private constructor(
    readonly n: number,
    readonly d: number,
  ) {}

  static of(n: number, d = 1): Q {
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d === 0) {
      throw new RangeError(`not a safe fraction: ${n}/${d}`);
    }
    if (d < 0) [n, d] = [-n, -d];
    const g = gcd(n, d) || 1;
    return new Q(n / g + 0, d / g);
  }

  static from(x: Num): Q {
    return x instanceof Q ? x : Q.of(x);
  }

  add(o: Num): Q {
    const b = Q.from(o);
    return Q.of(this.n * b.d + b.n * this.d, this.d * b.d);
  }
  sub(o: Num): Q {
    return this.add(Q.from(o).neg());
  }
  mul(o: Num): Q {
    const b = Q.from(o);
    return Q.of(this.n * b.n, this.d * b.d);
  }
  div(o: Num): Q {
    const b = Q.from(o);
    if (b.n === 0) throw new RangeError('division by zero');
    return Q.of(this.n * b.d, this.d * b.n);
  }
  neg(): Q {
    return Q.of(-this.n, this.d);
  }
  pow(e: number): Q {
    let r = Q.of(1);
    for (let i = 0; i < e; i++) r = r.mul(this);
    return r;
  }
  eq(o: Num): boolean {
    const b = Q.from(o);
    return this.n === b.n && this.d === b.d;
  }
  get isInt(): boolean {
    return this.d === 1;
  }
  sign(): number {
    return Math.sign(this.n);
  }
  abs(): Q {
    return Q.of(Math.abs(this.n), this.d);
  }

  floor(): Q {
    const r = ((this.n % this.d) + this.d) % this.d;
    return Q.of((this.n - r) / this.d);
  }
  /** Rounded to `places` decimals, halves away from zero (the schoolbook rule). */
  roundTo(places: number): Q {
    const scale = 10 ** places;
    const scaled = this.abs().mul(scale).add(Q.of(1, 2)).floor();
    return Q.of(scaled.n * this.sign(), scale);
  }

  /** The exact decimal expansion if it terminates within 6 places, else null. */
  decimal(): string | null {
    let k = 0;
    while (10 ** k % this.d !== 0) if (++k > 6) return null;
    const scaled = Math.abs(this.n) * (10 ** k / this.d);
    const s = String(scaled).padStart(k + 1, '0');
    const body = k === 0 ? s : `${s.slice(0, s.length - k)}.${s.slice(s.length - k)}`;
    return (this.n < 0 ? '-' : '') + body;
  }

  /** The answer format of the datasets: "7", "-3", "5/12". */
  toString(): string {
    return this.d === 1 ? String(this.n) : `${this.n}/${this.d}`;
  }
}
