import t from 'tap';
import { ProtoWriter } from '../../src/onnx/protobuf.js';
import { Rng } from '../../src/core/random.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytesOf = (s: string): number[] => s.split(' ').map((x) => parseInt(x, 16));

/** A minimal independent reader (varint and LEN fields only), used to check the writer end to end. */
function readFields(buf: Uint8Array): { field: number; wire: number; value: bigint | Uint8Array }[] {
  let at = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buf[at++]!;
      v |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
  };
  const out: { field: number; wire: number; value: bigint | Uint8Array }[] = [];
  while (at < buf.length) {
    const tag = Number(varint());
    const wire = tag & 7;
    if (wire === 0) out.push({ field: tag >>> 3, wire, value: varint() });
    else if (wire === 2) {
      const n = Number(varint());
      out.push({ field: tag >>> 3, wire, value: buf.subarray(at, at + n) });
      at += n;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

t.test('varint fields: examples from the protobuf encoding guide', async (t) => {
  // 150 = 0b1_0010110 → low 7 bits 0x16 with the continuation bit (0x96), then 1; tag (1<<3)|0 = 08.
  t.equal(hex(new ProtoWriter().int(1, 150).finish()), '089601');
  // 300 = 0b10_0101100 → 0x2c|0x80 = ac, then 300>>7 = 2.
  t.equal(hex(new ProtoWriter().int(1, 300).finish()), '08ac02');
  t.equal(hex(new ProtoWriter().int(1, 0).finish()), '0800', 'zero is one byte');
  t.equal(hex(new ProtoWriter().int(1, 127).finish()), '087f', 'largest one-byte varint');
  t.equal(hex(new ProtoWriter().int(1, 128).finish()), '088001', 'smallest two-byte varint');
  // 2^32: bit 32 lands in the fifth group (bits 28..34) as 1<<4 = 0x10, so numbers are not cut to 32 bits.
  t.equal(hex(new ProtoWriter().int(1, 2 ** 32).finish()), '088080808010');
  // 2^35 is bit 0 of the sixth group.
  t.equal(hex(new ProtoWriter().int(1, 2 ** 35).finish()), '08808080808001');
  t.equal(hex(new ProtoWriter().int(1, 150n).finish()), '089601', 'bigint and number agree');
});

t.test('negative and extreme int64 values', async (t) => {
  // -1 as uint64 is 64 one-bits: nine full groups of 7 (ff) and a last group holding bit 63 (01).
  const minusOne = '08' + 'ff'.repeat(9) + '01';
  t.equal(hex(new ProtoWriter().int(1, -1).finish()), minusOne);
  t.equal(hex(new ProtoWriter().int(1, -1n).finish()), minusOne);
  // -2 = 0xffff_ffff_ffff_fffe: the low group is 0x7e|0x80 = fe.
  t.equal(hex(new ProtoWriter().int(1, -2).finish()), '08fe' + 'ff'.repeat(8) + '01');
  // int64 min = bit 63 only: nine empty groups with continuation (80), then 01.
  t.equal(hex(new ProtoWriter().int(1, -(2n ** 63n)).finish()), '08' + '80'.repeat(9) + '01');
  // int64 max = 63 one-bits: exactly nine groups, the last 0x7f.
  t.equal(hex(new ProtoWriter().int(1, 2n ** 63n - 1n).finish()), '08' + 'ff'.repeat(8) + '7f');
});

t.test('booleans are varints 0 and 1', async (t) => {
  // field 3, wire 0 → (3<<3)|0 = 0x18.
  t.equal(hex(new ProtoWriter().int(3, true).finish()), '1801');
  t.equal(hex(new ProtoWriter().int(3, false).finish()), '1800');
});

t.test('tags: field numbers past 15 need a two-byte tag', async (t) => {
  // (15<<3)|0 = 120 = 0x78 fits one byte; (16<<3)|0 = 128 → 80 01.
  t.equal(hex(new ProtoWriter().int(15, 1).finish()), '7801');
  t.equal(hex(new ProtoWriter().int(16, 1).finish()), '800101');
  // (2047<<3)|2 = 16378 = 127·128 + 122 → (122|0x80) = fa, then 127 = 7f.
  t.equal(hex(new ProtoWriter().bytes(2047, new Uint8Array(0)).finish()), 'fa7f00');
});

t.test('strings and bytes are length-delimited', async (t) => {
  // The guide's example: field 2 (tag (2<<3)|2 = 0x12), length 7, then ASCII "testing".
  t.same([...new ProtoWriter().string(2, 'testing').finish()], bytesOf('12 07 74 65 73 74 69 6e 67'));
  // The length counts UTF-8 bytes, not UTF-16 units: "é" is c3 a9, "€" is e2 82 ac.
  t.equal(hex(new ProtoWriter().string(1, 'é€').finish()), '0a05c3a9e282ac');
  t.equal(hex(new ProtoWriter().string(1, '').finish()), '0a00', 'empty string');

  const payload = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
  const out = new ProtoWriter().bytes(1, payload).finish();
  // 1 tag byte + 2 length bytes (300 → ac 02) + 300 payload bytes.
  t.equal(out.length, 303);
  t.equal(hex(out.subarray(0, 3)), '0aac02');
  t.same([...out.subarray(3)], [...payload], 'payload copied verbatim');

  // 2^20 bytes: length 0x100000 → groups 00, 00, 40 → 80 80 40.
  const big = new ProtoWriter().bytes(1, new Uint8Array(2 ** 20)).finish();
  t.equal(big.length, 1 + 3 + 2 ** 20);
  t.equal(hex(big.subarray(0, 4)), '0a808040');
});

t.test('float fields: wire type 5, little-endian IEEE single', async (t) => {
  // Tag (1<<3)|5 = 0x0d. 1.0f = 0x3f800000, written low byte first.
  t.equal(hex(new ProtoWriter().float(1, 1).finish()), '0d0000803f');
  // -2.5 = -1.25·2^1: sign 1, exponent 128 (0x80), mantissa .25 → 0xc0200000. Tag (2<<3)|5 = 0x15.
  t.equal(hex(new ProtoWriter().float(2, -2.5).finish()), '15000020c0');
  // 0.1 is not exact in float32; its nearest single is 0x3dcccccd.
  t.equal(hex(new ProtoWriter().float(1, 0.1).finish()), '0dcdcccc3d');
});

t.test('packed repeated fields', async (t) => {
  // The guide's example: field 6 (tag (6<<3)|2 = 0x32) with 3, 270, 86942 packed into 6 bytes:
  // 3 → 03; 270 = 0b10_0001110 → 8e 02; 86942 = 0b101_0100111_0011110 → 9e a7 05.
  t.same([...new ProtoWriter().packedInts(6, [3, 270, 86942]).finish()], bytesOf('32 06 03 8e 02 9e a7 05'));
  t.equal(hex(new ProtoWriter().packedInts(6, []).finish()), '3200', 'empty packed field');
  // ONNX dims use -1 for a dynamic axis: ten bytes inside the packed payload.
  t.equal(hex(new ProtoWriter().packedInts(1, [2, -1n]).finish()), '0a0b02' + 'ff'.repeat(9) + '01');
  // Two floats, 4 bytes each: length 8.
  t.equal(hex(new ProtoWriter().packedFloats(1, [1, -2.5]).finish()), '0a080000803f000020c0');
});

t.test('nested messages are length-prefixed', async (t) => {
  // The guide's Test3 { Test1 c = 3 } with a = 150: tag (3<<3)|2 = 1a, length 3, then 08 96 01.
  t.equal(hex(new ProtoWriter().message(3, (w) => w.int(1, 150)).finish()), '1a03089601');
  t.equal(hex(new ProtoWriter().message(1, () => {}).finish()), '0a00', 'empty message');
  // Two levels: the inner 0a 03 08 96 01 is 5 bytes, so the outer length is 05.
  const two = new ProtoWriter().message(2, (w) => w.message(1, (v) => v.int(1, 150))).finish();
  t.equal(hex(two), '12050a03089601');
});

t.test('fields are emitted in the order written', async (t) => {
  const w = new ProtoWriter().int(2, 1).string(1, 'a').float(3, 1).int(1, 300);
  // 10 01 | 0a 01 61 | 1d 00 00 80 3f | 08 ac 02
  t.equal(hex(w.finish()), '10010a01611d0000803f08ac02');
});

t.test('length tracks the bytes written so far', async (t) => {
  const w = new ProtoWriter();
  t.equal(w.length, 0);
  w.int(1, 150); // 3 bytes
  t.equal(w.length, 3, 'pending scratch bytes count');
  w.bytes(2, new Uint8Array(300)); // 1 + 2 + 300
  t.equal(w.length, 306);
  w.float(3, 0); // 1 + 4
  t.equal(w.length, 311);
  w.int(4, -1); // 1 + 10
  t.equal(w.length, 322);
  w.packedInts(5, [1, 2, 3]); // 1 + 1 + 3
  t.equal(w.length, 327);
  t.equal(w.finish().length, 327, 'finish() has exactly that many bytes');
});

t.test('random messages decode back with an independent reader', async (t) => {
  const rng = new Rng(20240611);
  let mismatches = 0;
  for (let trial = 0; trial < 200; trial++) {
    const expected: { field: number; wire: number; value: bigint | Uint8Array }[] = [];
    const w = new ProtoWriter();
    for (let k = rng.int(12); k > 0; k--) {
      const field = 1 + rng.int(3000);
      if (rng.next() < 0.5) {
        // A random int64 from two 32-bit halves, sign included.
        const v = BigInt.asIntN(64, (BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32()));
        const small = rng.next() < 0.5 ? BigInt(rng.int(1000)) : v;
        w.int(field, small);
        expected.push({ field, wire: 0, value: BigInt.asUintN(64, small) });
      } else {
        const data = Uint8Array.from({ length: rng.int(400) }, () => rng.int(256));
        w.bytes(field, data);
        expected.push({ field, wire: 2, value: data });
      }
    }
    const buf = w.finish();
    const got = readFields(buf);
    const same =
      buf.length === w.length &&
      got.length === expected.length &&
      got.every((g, i) => {
        const e = expected[i]!;
        if (g.field !== e.field || g.wire !== e.wire) return false;
        return typeof e.value === 'bigint' ? g.value === e.value : hex(g.value as Uint8Array) === hex(e.value);
      });
    if (!same) mismatches++;
  }
  t.equal(mismatches, 0, '200 random messages round-trip');
});
