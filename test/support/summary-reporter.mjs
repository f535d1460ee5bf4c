// A tap reporter (tap pipes its TAP stream through this class to stdout): one line per test file, the
// details of every failure, and a last line "N passed, N failed" that CI reads.
import { Transform } from 'node:stream';
import { Parser } from 'tap-parser';

export default class SummaryReporter extends Transform {
  constructor() {
    super();
    this.counts = { pass: 0, fail: 0, skip: 0, todo: 0 };
    this.failures = [];
    this.skips = [];
    this.parser = new Parser();
    this.watch(this.parser, []);
  }

  watch(parser, path) {
    parser.on('child', (child) => this.watch(child, [...path, child.name]));
    parser.on('assert', (res) => {
      if (res.closingTestPoint) {
        // A test file closes at the top level: report it on one line.
        if (path.length === 0) {
          this.push(`${res.ok ? 'ok    ' : 'FAIL  '}${res.name}\n`);
          // A file that crashed or timed out after its last assertion has no failed assertion of
          // its own; count it, or the last line would say 0 failed while tap exits 1.
          if (!res.ok && !this.failures.some((f) => f.file === res.name)) {
            this.counts.fail++;
            this.failures.push({ file: res.name, name: `${res.name} (the file ended abnormally)`, diag: res.diag });
          }
        }
        return;
      }
      const name = [...path, res.name].join(' > ');
      if (res.skip) {
        this.counts.skip++;
        this.skips.push(`${name}${typeof res.skip === 'string' ? ` (${res.skip})` : ''}`);
      } else if (res.todo) this.counts.todo++;
      else if (res.ok) this.counts.pass++;
      else {
        this.counts.fail++;
        this.failures.push({ file: path[0], name, diag: res.diag });
      }
    });
  }

  _transform(chunk, _enc, done) {
    this.parser.write(chunk);
    done();
  }

  _flush(done) {
    this.parser.end();
    const out = { write: (s) => this.push(s) };
    for (const s of this.skips) out.write(`skipped: ${s}\n`);
    for (const f of this.failures) {
      out.write(`\nnot ok: ${f.name}\n`);
      if (f.diag)
        out.write(
          `${JSON.stringify(f.diag, null, 2)
            .split('\n')
            .map((l) => `    ${l}`)
            .join('\n')}\n`,
        );
    }
    if (this.counts.todo) out.write(`${this.counts.todo} todo\n`);
    out.write(`\n${this.counts.pass} passed, ${this.counts.fail} failed\n`);
    done();
  }
}
