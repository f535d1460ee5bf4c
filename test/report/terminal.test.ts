import { join } from 'node:path';
import t from 'tap';
import { DataError, UsageError } from '../../src/core/errors.js';
import { escapeTerminal, escapeTerminalLines, redact, redactUrlCredentials } from '../../src/core/safe-text.js';
import { renderTable } from '../../src/report/table.js';
import { makePairs } from '../cli/fixtures/cli.js';
import { cliIn } from '../support/in-process.js';
import { tmp, writeJsonl } from '../support/helpers.js';

// Dataset and server text reaches the terminal as visible escapes, never as control sequences:
// a subset named `\u001b]0;pwned\u0007` retitled the terminal that printed the subset table.

const TITLE = '\u001b]0;pwned\u0007';
/** C0, DEL, C1 (CSI), and the bidi overrides and isolates. */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

t.test('escapes: C0, C1, DEL and bidi overrides become visible; other text is left alone', async (t) => {
  t.equal(escapeTerminal(TITLE), '\\x1b]0;pwned\\x07');
  t.equal(escapeTerminal('a\u009b31mb\u007fc'), 'a\\x9b31mb\\x7fc');
  t.equal(escapeTerminal('abc\u202edcba\u2066x\u2069'), 'abc\\u202edcba\\u2066x\\u2069');
  t.equal(escapeTerminal('two\nlines\tand\rback'), 'two\\x0alines\\x09and\\x0dback', 'a table cell or a log line stays one line');
  t.equal(escapeTerminalLines('two\nlines\tand\rback'), 'two\nlines\tand\\x0dback', 'a message keeps its lines');
  t.equal(escapeTerminal('café τ-b ⚠ 数据 🙂'), 'café τ-b ⚠ 数据 🙂');
});

t.test('a table with a hostile subset name: no control character left, columns still aligned', async (t) => {
  const text = renderTable(['model', TITLE, 'rtl\u202eevil'], [['m1', '0.500', '0.250']]);
  t.notMatch(text, CONTROLS);
  const [head, rule, row] = text.split('\n');
  t.match(head, '\\x1b]0;pwned\\x07');
  t.equal([...rule!].length, [...head!].length, 'the rule is as wide as the escaped header');
  t.equal(row!.indexOf('0.250') + 5, head!.length, 'the last column is right-aligned under its escaped header');
});

t.test('error messages: control characters escaped, known secrets and URL credentials redacted', async (t) => {
  const e = new DataError({ file: 'd.jsonl', line: 3, field: 'subset' }, `unknown subset "${TITLE}"\nsee the docs`);
  t.equal(e.message, 'd.jsonl:3 field "subset": unknown subset "\\x1b]0;pwned\\x07"\nsee the docs');
  const u = new UsageError('cannot reach https://bob:hunter2@mirror.example:8443/x and http://tok@h/, nor http://plain:80');
  t.equal(u.message, 'cannot reach https://[REDACTED]@mirror.example:8443/x and http://[REDACTED]@h/, nor http://plain:80');
  t.equal(
    redactUrlCredentials('vllm:http://a:b@h1:1,http://c:d@e@h2:2?x=1'),
    'vllm:http://[REDACTED]@h1:1,http://[REDACTED]@h2:2?x=1',
    'replicas, and an @ inside a password',
  );
  t.equal(redact('nothing secret here: user@example.com'), 'nothing secret here: user@example.com', 'an e-mail address is not a URL');
});

t.test('CLI: a run whose subset is named with an escape sequence prints it escaped', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(6, 2).map((r, i) => ({ ...r, subset: i % 2 ? TITLE : 'plain\u202eevil' }));
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const r = await cliIn([
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    'heuristic:length',
    '--out',
    join(dir, 'out'),
    '--no-cache',
    '--bootstrap',
    '20',
  ]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, 'by subset', 'the subset table was printed');
  t.match(r.stdout, '\\x1b]0;pwned\\x07');
  t.notMatch(r.stdout, CONTROLS, 'stdout has no control character');
  t.notMatch(r.stderr, CONTROLS, 'nor stderr');
});
