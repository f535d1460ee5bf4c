import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { ScoreRequest } from '../../src/core/types.js';
import { testAdapter } from '../support/adapter-conformance.js';
import { tmp } from '../support/helpers.js';

// command: against the adapter contract, with a Node.js scorer that speaks both frames (a line per
// request, or a line per batch) and scores a response by its code points times its first argument.
// Each frame it reads is logged, so model calls are counted on the scorer's side too.

const SCORER = String.raw`
const fs = require('node:fs');
const factor = Number(process.argv[2] || '1');
const score = (r) => [...r.response].length * factor;
let buf = '';
process.stdin.setEncoding('utf8').on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const f = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    fs.appendFileSync(process.env.RG_CONFORMANCE_CALLS, '.');
    const out = Array.isArray(f.requests) ? { id: f.id, results: f.requests.map(score) } : { id: f.id, score: score(f) };
    process.stdout.write(JSON.stringify(out) + '\n');
  }
});
`;

void testAdapter(t, {
  name: 'command (line and batch frames)',
  async setup(t) {
    const dir = tmp(t);
    writeFileSync(join(dir, 'scorer.js'), `#!${process.execPath}\n${SCORER}`);
    chmodSync(join(dir, 'scorer.js'), 0o755);
    const calls = join(dir, 'calls');
    appendFileSync(calls, '');
    // The scorer inherits the environment; no spec option names this file, so the fingerprint does not change with it.
    process.env.RG_CONFORMANCE_CALLS = calls;
    return {
      spec: 'command:./scorer.js?args=1',
      cwd: dir,
      expected: (r) => [...(r as ScoreRequest).response].length,
      backendCalls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').length : 0),
    };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: ['args=2', 'version=2'],
    neutralOptions: ['frame=batch', 'frame=line', 'timeoutMs=60000', 'cwd=.', 'batchSize=2'],
    misspelt: ['arg', 'args'],
  },
});
