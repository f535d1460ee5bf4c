import { open, readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import t from 'tap';
import { ExitCode } from '../../src/core/errors.js';
import { fsErrorFromNode } from '../../src/core/fs-errors.js';
import { tmp } from '../support/helpers.js';

// The CLI's last resort: a raw Node filesystem error is a usage error (exit 2) naming the path and
// the operation; a network error, which fails a served model, is not turned into one.

t.test('a real EISDIR from opening a folder for writing → "cannot open DIR: it is a folder (EISDIR)", exit 2', async (t) => {
  const dir = tmp(t);
  const err = await open(dir, 'w').catch((e: unknown) => e);
  const mapped = fsErrorFromNode(err);
  t.equal(mapped?.message, `cannot open ${dir}: it is a folder (EISDIR)`);
  t.equal(mapped?.exitCode, ExitCode.badInput);
  // readFile of a folder names no path; it is still a usage error, not a stack trace.
  const bare = fsErrorFromNode(await readFile(dir).catch((e: unknown) => e));
  t.equal(bare?.message, 'cannot read a file: it is a folder (EISDIR)');
});

t.test('a rename names its destination, not the temporary file', async (t) => {
  const err = Object.assign(new Error('EXDEV'), { code: 'EXDEV', syscall: 'rename', path: '/a/.x.tmp', dest: '/b/x' });
  t.equal(fsErrorFromNode(err)?.message, 'cannot write /b/x: it is on another device (EXDEV)');
});

t.test('a real ECONNREFUSED is left alone (a served model failing is exit 3)', async (t) => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  const err = await new Promise<unknown>((resolve) => connect(port, '127.0.0.1').on('error', resolve));
  t.equal((err as { code?: string }).code, 'ECONNREFUSED');
  t.equal(fsErrorFromNode(err), undefined);
  t.equal(fsErrorFromNode(new Error('plain')), undefined);
});
