import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A structural check of an ONNX file, before onnxruntime sees it: onnxruntime-node sometimes
 * aborts the whole process natively (`terminate called after throwing an instance of
 * 'Napi::Error'`) on a file that is not a model, and on a model whose external weights are
 * missing (seen 6 times in 60 loaded runs of test/adapters/local-errors.test.ts), so a catchable
 * error must come first. It walks protobuf fields by their headers (a few small reads per field,
 * whatever the file's size): ModelProto needs ir_version (field 1, varint) and graph (field 7);
 * every initializer (GraphProto field 5) that names an external file (TensorProto field 13,
 * key "location") must find it beside the graph.
 * Returns a problem, or undefined when the file is shaped like a model.
 */
export function onnxShapeProblem(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const reader = new FieldReader(fd, fstatSync(fd).size);
    const seen = new Map<number, { start: number; end: number }>();
    const problem = reader.walk(0, reader.size, (f) => {
      if ((f.field === 1 && f.wire === 0) || (f.field === 7 && f.wire === 2)) seen.set(f.field, f);
    });
    if (problem) return problem;
    const graph = seen.get(7);
    if (!graph) return 'not an ONNX model: it has no graph';
    if (!seen.has(1)) return 'not an ONNX model: it has no ir_version';
    return externalDataProblem(reader, graph, dirname(file));
  } finally {
    closeSync(fd);
  }
}

/** The first initializer whose external weights file is missing, as a problem. */
function externalDataProblem(reader: FieldReader, graph: { start: number; end: number }, dir: string): string | undefined {
  const locations = new Map<string, string>();
  let inner: string | undefined;
  const problem = reader.walk(graph.start, graph.end, (init) => {
    if (init.field !== 5 || init.wire !== 2) return;
    let name = '';
    let location: string | undefined;
    inner ??= reader.walk(init.start, init.end, (t) => {
      if (t.field === 8 && t.wire === 2) name = reader.text(t);
      if (t.field !== 13 || t.wire !== 2) return;
      let key = '';
      let value = '';
      inner ??= reader.walk(t.start, t.end, (e) => {
        if (e.field === 1 && e.wire === 2) key = reader.text(e);
        if (e.field === 2 && e.wire === 2) value = reader.text(e);
      });
      if (key === 'location') location = value;
    });
    if (location !== undefined && !locations.has(location)) locations.set(location, name);
  });
  if (problem ?? inner) return problem ?? inner;
  for (const [location, name] of locations) {
    const path = join(dir, location);
    let ok = false;
    try {
      ok = statSync(path).isFile();
    } catch {}
    if (!ok) return `its external weights ${path} (initializer "${name}") are missing; keep the file the exporter wrote beside the graph`;
  }
  return undefined;
}

interface Field {
  field: number;
  wire: number;
  /** Where a length-delimited field's payload starts and ends (start = end for other wire types). */
  start: number;
  end: number;
}

class FieldReader {
  private readonly buf = Buffer.alloc(16);
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** A varint at `at`: its value (exact up to 2^53) and byte length. */
  private varint(at: number, end: number): { value: number; len: number } | undefined {
    const n = readSync(this.fd, this.buf, 0, Math.max(0, Math.min(10, end - at)), at);
    let value = 0;
    for (let i = 0; i < n; i++) {
      value += (this.buf[i]! & 0x7f) * 2 ** (7 * i);
      if ((this.buf[i]! & 0x80) === 0) return { value, len: i + 1 };
    }
    return undefined;
  }

  /** Visits each field in [from, end); returns a problem when they do not tile the range exactly. */
  walk(from: number, end: number, visit: (f: Field) => void): string | undefined {
    let pos = from;
    while (pos < end) {
      const key = this.varint(pos, end);
      if (!key) return `not an ONNX model: a truncated field header at byte ${pos}`;
      const field = Math.floor(key.value / 8);
      const wire = key.value % 8;
      if (field === 0 || ![0, 1, 2, 5].includes(wire)) return `not an ONNX model: no protobuf field at byte ${pos}`;
      pos += key.len;
      let start = pos;
      if (wire === 0) {
        const v = this.varint(pos, end);
        if (!v) return `not an ONNX model: a truncated value at byte ${pos}`;
        pos += v.len;
        start = pos;
      } else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else {
        const len = this.varint(pos, end);
        if (!len) return `not an ONNX model: a truncated length at byte ${pos}`;
        start = pos + len.len;
        pos = start + len.value;
      }
      if (pos > end)
        return `not an ONNX model, or a truncated one: field ${field} runs ${pos - end} bytes past the end of the ${end === this.size ? 'file' : 'message'}`;
      visit({ field, wire, start: wire === 2 ? start : pos, end: pos });
    }
    return undefined;
  }

  /** A short length-delimited field as UTF-8 (names and locations; longer ones are cut at 4 KB). */
  text(f: Field): string {
    const len = Math.min(f.end - f.start, 4096);
    const out = Buffer.alloc(len);
    readSync(this.fd, out, 0, len, f.start);
    return out.toString('utf8');
  }
}
