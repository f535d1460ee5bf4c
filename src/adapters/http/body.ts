import type { Dispatcher } from 'undici';
import { ModelError } from '../../core/errors.js';

/**
 * Reading a served response's body within bounds. undici's own bodyTimeout only limits the
 * silence between chunks, so a server trickling a byte at a time never trips it, and nothing
 * limits the size: a 100 MB body was read whole (gigabytes of memory) before its JSON failed.
 * Here the size is checked while reading and the read stops the moment it is exceeded.
 */

const MB = 1024 * 1024;

/** Default size limit: room for the largest answers real servers give (token_classify rows for long inputs). */
export const responseLimit = (items: number): number => (8 + items) * MB;

export const showBytes = (n: number): string => (n >= MB ? `${+(n / MB).toFixed(2)} MB` : `${n} bytes`);

/** The answer was larger than the limit: the server's, not the network's fault, so not retried. */
export class ResponseTooLarge extends ModelError {}

export function tooLarge(where: string, limit: number, seen: string): ResponseTooLarge {
  return new ResponseTooLarge(
    `${where}: the response is larger than the limit of ${showBytes(limit)} (${seen}); reading stopped there. ` +
      `If the server's answers are legitimately this large, raise the limit with ?maxResponseMB=N (or send smaller batches with ?batchSize=)`,
  );
}

/** The body as text, or ResponseTooLarge as soon as more than `limit` bytes are announced or arrive. */
export async function readLimited(r: Dispatcher.ResponseData, limit: number, where: string): Promise<string> {
  const declared = Number(r.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    r.body.destroy();
    throw tooLarge(where, limit, `Content-Length ${declared}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of r.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      r.body.destroy();
      throw tooLarge(where, limit, `${size} bytes had arrived`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
