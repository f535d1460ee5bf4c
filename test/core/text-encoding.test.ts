import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataFile, readJsonFile } from '../../src/core/data-files.js';
import { decodeIfValid, decodeText, firstInvalidUtf8 } from '../../src/core/text-encoding.js';
import { tmp, dataErrorOf } from '../support/helpers.js';

// Regression (issue 18): invalid UTF-8 used to become U+FFFD without a word (a Latin-1 CSV loaded
// as "caf� cr�me"); an unclosed CSV quote was reported one line late.

const latin1Csv = Buffer.from('prompt,chosen,rejected\nq1,caf\xe9 cr\xe8me,tea\nq2,a,b\n', 'latin1');

t.test('firstInvalidUtf8 agrees with a fatal TextDecoder on every short byte string', async (t) => {
  // An independent method: the WHATWG decoder in fatal mode throws on exactly the invalid inputs.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const bytes = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff];
  let checked = 0;
  for (const a of bytes)
    for (const b of bytes)
      for (const c of bytes) {
        const input = Uint8Array.from([a, b, c]);
        let valid = true;
        try {
          decoder.decode(input);
        } catch {
          valid = false;
        }
        if (firstInvalidUtf8(input) < 0 !== valid) t.fail(`disagree on ${[a, b, c].map((x) => x.toString(16)).join(' ')}`);
        checked++;
      }
  t.equal(checked, bytes.length ** 3);
  // Where: the first byte of the bad sequence.
  t.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0xa9, 0xe9, 0x62])), 3, 'é is fine, the lone 0xE9 at offset 3 is not');
  t.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82])), 1, 'a sequence cut by the end of the file');
});

t.test('decodeIfValid gives what a fatal TextDecoder gives, through its ASCII path and off it', async (t) => {
  // An independent decoder, on all-ASCII bytes (the fast path), on bytes with one multi-byte
  // character anywhere (UTF-8), and on invalid bytes (undefined).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const ascii = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 128));
  t.equal(decodeIfValid(ascii), decoder.decode(ascii), 'every ASCII byte, NUL and DEL included');
  for (const at of [0, 1, 100, 4095]) {
    const mixed = Buffer.concat([ascii.subarray(0, at), Buffer.from('é', 'utf8'), ascii.subarray(at)]);
    t.equal(decodeIfValid(mixed), decoder.decode(mixed), `é at ${at}`);
  }
  t.equal(decodeIfValid(Buffer.from([0x61, 0xe9, 0x62])), undefined, 'a lone 0xE9 is not UTF-8');
  t.equal(decodeIfValid(Buffer.from([0x61, 0xe9, 0x62]), 'latin1'), 'aéb', 'but is Latin-1');
});

t.test('a Latin-1 CSV is refused at its line and column, and read right with latin1', async (t) => {
  const file = join(tmp(t), 'latin.csv');
  writeFileSync(file, latin1Csv);
  const err = await dataErrorOf(readDataFile(file));
  t.equal(err.exitCode, 2);
  // Line 2 is "q1,café crème,tea": "é" is the 8th character (q 1 , c a f é).
  t.same([err.location.line, err.location.column], [2, 7]);
  t.match(err.message, /invalid UTF-8 \(byte 0xE9\).*--encoding latin1/);
  const f = await readDataFile(file, { encoding: 'latin1' });
  t.same(f.records[0]!.value, { prompt: 'q1', chosen: 'café crème', rejected: 'tea' });
});

t.test('invalid UTF-8 in JSON Lines, a JSON array and a JSON document names its line', async (t) => {
  const dir = tmp(t);
  const jsonl = join(dir, 'x.jsonl');
  writeFileSync(jsonl, Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"fine"}\n{"a":"'), Buffer.from([0xff]), Buffer.from('"}\n')]));
  t.equal((await dataErrorOf(readDataFile(jsonl))).location.line, 3);
  const json = join(dir, 'x.json');
  writeFileSync(json, Buffer.concat([Buffer.from('[\n{"a":"é"},\n{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n]\n')]));
  t.equal((await dataErrorOf(readDataFile(json))).location.line, 3);
  const doc = join(dir, 'config.json');
  writeFileSync(doc, Buffer.concat([Buffer.from('{\n  "seed": 1,\n  "out": "r'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]));
  t.equal((await dataErrorOf(readJsonFile(doc))).location.line, 3, 'configs and run files too');
  t.equal(decodeText('x', Buffer.from('\ufeffé', 'utf8')), '\ufeffé', 'valid UTF-8 (with a BOM) passes through');
});

t.test('an unclosed CSV quote is reported at the line where it opens', async (t) => {
  const dir = tmp(t);
  const lines = [
    'id,text', // 1
    'a,"ok, ""escaped"" quotes"', // 2
    'b,"never closed', // 3  the quote opens here
    'c,more', // 4
    'd,still inside it', // 5
  ];
  const file = join(dir, 'q.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const err = await dataErrorOf(readDataFile(file));
  t.same([err.location.line, err.location.column], [3, 3], 'line 3, column 3');
  t.match(err.message, /never closed/);
  // A quote closed on a later line is a multi-line field, not an error; an open one after it is found.
  const later = join(dir, 'r.csv');
  writeFileSync(later, 'id,text\na,"two\nlines"\nb,"open\n');
  t.equal((await dataErrorOf(readDataFile(later))).location.line, 4);
});
