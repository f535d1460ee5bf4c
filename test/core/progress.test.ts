import t from 'tap';
import { formatDuration, Progress, progressMode, type ProgressOptions } from '../../src/core/progress.js';

function capture(columns?: number) {
  const writes: string[] = [];
  const stream = { write: (s: string) => (writes.push(s), true), columns } as unknown as ProgressOptions['stream'];
  return { writes, stream };
}

t.test('formatDuration', async (t) => {
  t.equal(formatDuration(0), '0:00');
  t.equal(formatDuration(30), '0:30');
  t.equal(formatDuration(59.4), '0:59');
  t.equal(formatDuration(59.6), '1:00', 'rounded to whole seconds');
  t.equal(formatDuration(3599.5), '1:00:00'); // rounds to 3600
  t.equal(formatDuration(3661), '1:01:01'); // 1 h 1 min 1 s
  t.equal(formatDuration(36125), '10:02:05'); // 10·3600 + 2·60 + 5
  t.equal(formatDuration(-5), '0:00');
  t.equal(formatDuration(Infinity), '--:--');
  t.equal(formatDuration(NaN), '--:--');
});

t.test('progressMode', async (t) => {
  t.equal(progressMode({ isTTY: true }, {}, true), 'off');
  t.equal(progressMode({ isTTY: true }, {}, false), 'live');
  t.equal(progressMode({ isTTY: true }, { CI: 'true' }, false), 'plain');
  t.equal(progressMode({}, {}, false), 'plain');
});

t.test('plain mode: a line every intervalMs, with rate and ETA from the clock', async (t) => {
  let now = 1000;
  const { writes, stream } = capture();
  const p = new Progress({ label: 'run', total: 200, stream, mode: 'plain', intervalMs: 10_000, now: () => now });
  p.tick(10); // no interval has passed since the start: silent
  now = 6000;
  p.tick(20); // 5 s since the start < 10 s: silent
  now = 11_000;
  p.tick(20); // 50 done in 10 s → 5.0/s; 150 left → 30 s
  now = 16_000;
  p.tick(50); // 5 s since the last line: silent
  now = 21_000;
  p.finish(); // 100 done in 20 s
  t.same(writes, ['run  50/200 (25%)  5.0 items/s  ETA 0:30\n', 'run  100/200 done in 0:20\n']);
});

t.test('plain mode: a run shorter than one interval prints nothing at all', async (t) => {
  let now = 0;
  const { writes, stream } = capture();
  const p = new Progress({ label: 'fast', total: 10, stream, mode: 'plain', intervalMs: 10_000, now: () => now });
  p.tick(5);
  now = 9_999;
  p.tick(5);
  p.finish();
  t.same(writes, []);
});

t.test('line(): percent rounds down; rate and ETA', async (t) => {
  let now = 0;
  const { stream } = capture();
  const p = new Progress({ label: 'x', total: 3, stream, mode: 'off', now: () => now });
  p.tick(1);
  now = 4000;
  // 1 of 3 → 33%; 1 item in 4 s → 0.25/s, shown 0.3 (toFixed(1) of 0.25 is "0.3"); 2 left → 8 s
  t.equal(p.line(), 'x  1/3 (33%)  0.3 items/s  ETA 0:08');
  const empty = new Progress({ label: 'y', total: 0, stream, mode: 'off', now: () => 0 });
  t.match(empty.line(), /0\/0 \(100%\)/);
});

t.test('live mode rewrites one line with \\r', async (t) => {
  let now = 0;
  const { writes, stream } = capture(40);
  const p = new Progress({ label: 'go', total: 10, stream, mode: 'live', now: () => now });
  p.tick(1); // draws
  now = 50;
  p.tick(1); // default live interval 100 ms: silent
  now = 100;
  p.tick(3); // draws: 5 in 0.1 s → 50.0/s, 5 left → 0.1 s → 0:00
  now = 200;
  p.finish();
  t.equal(writes.length, 3);
  for (const w of writes) t.ok(w.startsWith('\r'), JSON.stringify(w));
  t.equal(writes[1], '\r' + 'go  5/10 (50%)  50.0 items/s  ETA 0:00'.padEnd(39));
  t.equal(writes[0]!.length, 40, 'padded to columns − 1 after the \\r');
  t.equal(writes[2], '\r' + 'go  5/10 done in 0:00'.padEnd(39) + '\n');
});

t.test('live mode cuts a long line to the terminal width', async (t) => {
  const { writes, stream } = capture(20);
  const p = new Progress({ label: 'a-very-long-label-indeed', total: 10, stream, mode: 'live', now: () => 0 });
  p.tick(1);
  t.equal(writes[0], '\r' + 'a-very-long-label-indeed'.slice(0, 19));
});

t.test('off writes nothing', async (t) => {
  let now = 0;
  const { writes, stream } = capture();
  const p = new Progress({ label: 'q', total: 5, stream, mode: 'off', intervalMs: 0, now: () => now });
  for (let i = 0; i < 5; i++) {
    now += 20_000;
    p.tick(1);
  }
  p.finish();
  t.same(writes, []);
});
