import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { root, type CliResult } from './helpers.js';

/**
 * The CLI's `main()` called in this process, with the same arguments, working folder and
 * environment as `cli()` gives the built binary, and its output captured. Starting node and
 * loading the CLI costs about half a second per call, and most CLI tests are about what a
 * command does, not about the process: those use this, and each verb keeps end-to-end tests
 * through `cli()` (help.test.ts runs every verb's binary; kill, signal and environment tests
 * spawn). Code that reads process.env directly (API keys, HF_TOKEN) needs `cli()`.
 */
export async function cliIn(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const out = capture();
  const err = capture();
  const code = await main([...args], { stdout: out.stream, stderr: err.stream, env: { ...process.env, CI: 'true', ...opts.env }, cwd: opts.cwd ?? root });
  return { code, signal: null, stdout: out.text(), stderr: err.text() };
}

function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
