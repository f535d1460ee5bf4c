import { UsageError } from './errors.js';

/**
 * Filesystem failures on outputs, inputs and the cache are the user's to fix (a full disk, a
 * read-only folder, a file where a folder goes), not a model failing: exit 2 with the path and
 * what was being done, never a stack trace (README.md, "Reproducibility": the exit codes).
 */

const reasons: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'a file of that name is in the way',
  ENOTEMPTY: 'a folder of that name is in the way',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EBUSY: 'the device or file is busy',
  EXDEV: 'it is on another device',
  ETIMEDOUT: 'no answer',
};

/** Codes that mean "this place cannot be written to", as opposed to "this path is wrong". */
export const unwritableCodes: ReadonlySet<string> = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EFBIG']);

export function describeFsCode(code: string): string {
  return `${reasons[code] ?? code.toLowerCase()} (${code})`;
}

/** An operation on `path` failed with errno `code`; `hint` says what is kept or what to do. */
export class FsError extends UsageError {
  constructor(
    readonly op: string,
    readonly path: string,
    readonly code: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot ${op} ${path}: ${describeFsCode(code)}${hint ? `; ${hint}` : ''}`, options);
  }

  /** The same failure with a sentence about what was kept, for a caller that knows. */
  withHint(hint: string): FsError {
    return new FsError(this.op, this.path, this.code, this.hint ? `${this.hint}; ${hint}` : hint, { cause: this.cause });
  }
}

export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** `err` as an FsError about `op` on `path`; anything that is not an errno error is returned as is. */
export function asFsError(op: string, path: string, err: unknown): unknown {
  if (err instanceof FsError) return err;
  const code = errnoCode(err);
  return code ? new FsError(op, path, code, undefined, { cause: err }) : err;
}

// Node's name for the system call → what the user was doing. Sockets and child processes
// (connect, spawn, getaddrinfo) are absent on purpose: those fail models and servers, exit 3.
const syscalls: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  close: 'write',
  fsync: 'write',
  fdatasync: 'write',
  ftruncate: 'write',
  truncate: 'write',
  copyfile: 'copy',
  rename: 'write',
  unlink: 'remove',
  rm: 'remove',
  rmdir: 'remove',
  mkdir: 'create folder',
  mkdtemp: 'create folder',
  scandir: 'list',
  opendir: 'list',
  stat: 'read',
  lstat: 'read',
  fstat: 'read',
  access: 'read',
  realpath: 'read',
  readlink: 'read',
  utime: 'write',
  chmod: 'write',
};

const fileOnlyCodes = new Set(['EISDIR', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG']);

/**
 * A raw Node filesystem error that reached the CLI without context (e.g. from a library that
 * read an input), as an FsError from its own syscall and path; undefined for anything else.
 */
export function fsErrorFromNode(err: unknown): FsError | undefined {
  if (err instanceof FsError) return err;
  const code = errnoCode(err);
  const e = err as { syscall?: unknown; path?: unknown; dest?: unknown };
  const op = typeof e.syscall === 'string' ? syscalls[e.syscall] : undefined;
  if (!code || !op) return undefined;
  // Without a path (readFile of a folder says only "read"), only codes no socket or pipe gives are ours.
  if (typeof e.path !== 'string') return fileOnlyCodes.has(code) ? new FsError(op, 'a file', code, undefined, { cause: err }) : undefined;
  // A failed rename names the temporary file first; the user asked for the destination.
  const path = e.syscall === 'rename' && typeof e.dest === 'string' ? e.dest : e.path;
  return new FsError(op, path, code, undefined, { cause: err });
}
