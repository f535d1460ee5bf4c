import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A structural check of an ONNX file's top level, before onnxruntime sees it: onnxruntime-node
 * sometimes aborts the whole process natively (`terminate called after throwing an instance of
 * 'Napi::Error'`) on a file that is not a model, so a catchable error must come first. It walks
 * the ModelProto's top-level protobuf fields by their headers (a few small reads, whatever the
 * file's size) and requires ir_version (field 1, varint) and graph (field 7, length-delimited).
 * Returns a problem, or undefined when the file is shaped like a model.
 */
export function onnxShapeProblem(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(20);
    let pos = 0;
    /** A varint at `at`: its value (exact up to 2^53) and byte length. */
    const varint = (at: number): { value: number; len: number } | undefined => {
      const n = readSync(fd, buf, 0, Math.min(10, size - at), at);
      let value = 0;
      for (let i = 0; i < n; i++) {
        value += (buf[i]! & 0x7f) * 2 ** (7 * i);
        if ((buf[i]! & 0x80) === 0) return { value, len: i + 1 };
      }
      return undefined;
    };
    const seen = new Set<number>();
    while (pos < size) {
      const key = varint(pos);
      if (!key) return `not an ONNX model: a truncated field header at byte ${pos}`;
      const field = Math.floor(key.value / 8);
      const wire = key.value % 8;
      if (field === 0 || ![0, 1, 2, 5].includes(wire)) return `not an ONNX model: no protobuf field at byte ${pos}`;
      pos += key.len;
      if (wire === 0) {
        const v = varint(pos);
        if (!v) return `not an ONNX model: a truncated value at byte ${pos}`;
        pos += v.len;
      } else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else {
        const len = varint(pos);
        if (!len) return `not an ONNX model: a truncated length at byte ${pos}`;
        pos += len.len + len.value;
      }
      if (pos > size) return `not an ONNX model, or a truncated one: field ${field} runs ${pos - size} bytes past the end of the file`;
      if ((field === 1 && wire === 0) || (field === 7 && wire === 2)) seen.add(field);
    }
    if (!seen.has(7)) return 'not an ONNX model: it has no graph';
    if (!seen.has(1)) return 'not an ONNX model: it has no ir_version';
    return undefined;
  } finally {
    closeSync(fd);
  }
}
