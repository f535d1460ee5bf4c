import { ProtoWriter } from './protobuf.js';

/**
 * A small ONNX graph builder and ModelProto writer (field numbers from onnx/onnx.proto). It is how
 * the reference models and the provider probe's model are made: no Python, no model hub.
 *
 * @example y = x · W + b
 * const g = new OnnxGraph('linear');
 * const x = g.input('x', 'float32', ['batch', 2]);
 * const y = g.op('Add', [g.op('MatMul', [x, g.tensor('W', 'float32', [2, 1], [1, 2])]), g.tensor('b', 'float32', [1], [0.5])]);
 * g.output(y, 'y', 'float32', ['batch', 1]);
 * writeFileSync('linear.onnx', g.encode().model);
 */

export type DType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

/** TensorProto.DataType numbers. */
const DATA_TYPE: Record<DType, number> = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9, float16: 10 };
const BYTES: Record<DType, number> = { float32: 4, uint8: 1, int8: 1, int32: 4, int64: 8, bool: 1, float16: 2 };

export type TensorValues = Float32Array | BigInt64Array | Int32Array | Int8Array | Uint8Array | Uint16Array;

export interface Tensor {
  name: string;
  dtype: DType;
  dims: number[];
  /** Raw little-endian element data; float16 as its bit patterns. */
  data: TensorValues;
}

/** Attribute values, tagged because ONNX attributes are typed (1 as an int is not 1.0 as a float). */
export type Attr = { int: number } | { float: number } | { ints: number[] } | { floats: number[] } | { string: string } | { tensor: Tensor };

export const attr = {
  int: (v: number): Attr => ({ int: v }),
  float: (v: number): Attr => ({ float: v }),
  ints: (v: number[]): Attr => ({ ints: v }),
  floats: (v: number[]): Attr => ({ floats: v }),
  string: (v: string): Attr => ({ string: v }),
};

interface ValueInfo {
  name: string;
  dtype: DType;
  dims: (number | string)[];
}

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attr>;
  domain: string;
}

export interface EncodeOptions {
  /** Store initializers of at least `threshold` bytes in a side file named `location` (ONNX external data). */
  externalData?: { location: string; threshold: number };
  docString?: string;
  metadata?: Record<string, string>;
}

function typedArray(dtype: DType, values: ArrayLike<number> | ArrayLike<bigint>): TensorValues {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values as ArrayLike<number>);
    case 'int64':
      return BigInt64Array.from(values as ArrayLike<number>, (v) => BigInt(v));
    case 'int32':
      return Int32Array.from(values as ArrayLike<number>);
    case 'int8':
      return Int8Array.from(values as ArrayLike<number>);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(values as ArrayLike<number>);
    case 'float16':
      return Uint16Array.from(values as ArrayLike<number>);
  }
}

export class OnnxGraph {
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(
    readonly name: string,
    readonly opset = 17,
  ) {}

  /** An unused name (not yet claimed). */
  private fresh(hint: string): string {
    let n = `${hint}_${this.counter++}`;
    while (this.names.has(n)) n = `${hint}_${this.counter++}`;
    return n;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph ${this.name}: the name "${name}" is used twice`);
    this.names.add(name);
    return name;
  }

  input(name: string, dtype: DType, dims: (number | string)[]): string {
    this.inputs.push({ name: this.claim(name), dtype, dims });
    return name;
  }

  /** Mark `value` as a graph output called `name` (through an Identity node when the names differ). */
  output(value: string, name: string, dtype: DType, dims: (number | string)[]): void {
    if (value !== name) this.nodes.push({ op: 'Identity', inputs: [value], outputs: [this.claim(name)], attrs: {}, domain: '' });
    this.outputs.push({ name, dtype, dims });
  }

  /** An initializer; `values` are element values (float16: bit patterns). Returns its name. */
  tensor(name: string, dtype: DType, dims: number[], values: ArrayLike<number> | TensorValues): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const data =
      ArrayBuffer.isView(values) && values.constructor === typedArray(dtype, []).constructor
        ? (values as TensorValues)
        : typedArray(dtype, values as ArrayLike<number>);
    if (data.length !== count) throw new Error(`ONNX tensor ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
    this.initializers.push({ name: this.claim(name), dtype, dims, data });
    return name;
  }

  /** A small constant with a generated name. */
  constant(dtype: DType, dims: number[], values: ArrayLike<number>): string {
    return this.tensor(this.fresh('const'), dtype, dims, values);
  }

  /** Add a node; returns its output names (one unless `outputs` says more). */
  ops(op: string, inputs: string[], attrs: Record<string, Attr> = {}, outputs = 1, domain = ''): string[] {
    const outs = Array.from({ length: outputs }, () => this.claim(this.fresh(op.toLowerCase())));
    this.nodes.push({ op, inputs, outputs: outs, attrs, domain });
    return outs;
  }

  op(op: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.ops(op, inputs, attrs)[0]!;
  }

  /** The number of parameters (elements of every initializer). */
  parameterCount(): number {
    return this.initializers.reduce((s, t) => s + t.data.length, 0);
  }

  encode(options: EncodeOptions = {}): { model: Uint8Array; externalData?: Uint8Array } {
    const external: Uint8Array[] = [];
    let offset = 0;
    const tensorProto = (w: ProtoWriter, t: Tensor): void => {
      w.packedInts(1, t.dims);
      w.int(2, DATA_TYPE[t.dtype]);
      w.string(8, t.name);
      const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.length * BYTES[t.dtype]);
      const ext = options.externalData;
      if (ext && raw.length >= ext.threshold) {
        const entries: [string, string][] = [
          ['location', ext.location],
          ['offset', String(offset)],
          ['length', String(raw.length)],
        ];
        for (const [k, v] of entries) w.message(13, (e) => e.string(1, k).string(2, v));
        w.int(14, 1); // data_location = EXTERNAL
        external.push(raw);
        offset += raw.length;
      } else {
        w.bytes(9, raw);
      }
    };
    const valueInfo = (w: ProtoWriter, v: ValueInfo): void => {
      w.string(1, v.name);
      w.message(2, (type) =>
        type.message(1, (tt) => {
          tt.int(1, DATA_TYPE[v.dtype]);
          tt.message(2, (shape) => {
            for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
          });
        }),
      );
    };
    const attribute = (w: ProtoWriter, name: string, a: Attr): void => {
      w.string(1, name);
      if ('int' in a) w.int(20, 2).int(3, a.int);
      else if ('float' in a) w.int(20, 1).float(2, a.float);
      else if ('ints' in a) w.int(20, 7).packedInts(8, a.ints);
      else if ('floats' in a) w.int(20, 6).packedFloats(7, a.floats);
      else if ('string' in a) w.int(20, 3).string(4, a.string);
      else w.int(20, 4).message(5, (t) => tensorProto(t, a.tensor));
    };

    const model = new ProtoWriter();
    model.int(1, 8); // ir_version 8: opset 17 needs IR ≥ 8
    model.string(2, 'rewardgauge');
    model.string(3, '1');
    if (options.docString) model.string(6, options.docString);
    model.message(8, (o) => o.string(1, '').int(2, this.opset));
    if (this.nodes.some((n) => n.domain === 'com.microsoft')) model.message(8, (o) => o.string(1, 'com.microsoft').int(2, 1));
    model.message(7, (g) => {
      for (const n of this.nodes) {
        g.message(1, (w) => {
          for (const i of n.inputs) w.string(1, i);
          for (const o of n.outputs) w.string(2, o);
          w.string(3, n.outputs[0]!);
          w.string(4, n.op);
          for (const [k, a] of Object.entries(n.attrs)) w.message(5, (aw) => attribute(aw, k, a));
          if (n.domain) w.string(7, n.domain);
        });
      }
      g.string(2, this.name);
      for (const t of this.initializers) g.message(5, (w) => tensorProto(w, t));
      for (const v of this.inputs) g.message(11, (w) => valueInfo(w, v));
      for (const v of this.outputs) g.message(12, (w) => valueInfo(w, v));
    });
    for (const [k, v] of Object.entries(options.metadata ?? {})) model.message(14, (e) => e.string(1, k).string(2, v));

    const out: { model: Uint8Array; externalData?: Uint8Array } = { model: model.finish() };
    if (external.length > 0) {
      const blob = new Uint8Array(offset);
      let at = 0;
      for (const e of external) {
        blob.set(e, at);
        at += e.length;
      }
      out.externalData = blob;
    }
    return out;
  }
}
