import { type ChildProcess, spawn } from 'node:child_process';

/**
 * A scorer runs in a process group of its own, so it can be ended with everything it started
 * (a Python scorer's data-loader workers, a shell's children): on a timeout, at the end of the
 * run, and when the CLI itself dies. The last is the reaper's job: a tiny detached Node process
 * holding the read end of a pipe from the CLI. The kernel closes that pipe however the CLI ends
 * (exit, Ctrl-C, SIGTERM, SIGKILL), and on end-of-file the reaper kills the group.
 */

const GROUPS = process.platform !== 'win32';

// process.argv[1] is the group id under `node -e`.
const REAPER = `
const group = Number(process.argv[1]);
const end = () => { try { process.kill(-group, 'SIGKILL'); } catch {} process.exit(0); };
process.stdin.on('end', end);
process.stdin.on('error', end);
process.stdin.resume();
`;

/** Options for `spawn` that put the child in a new process group (where the platform has them). */
export const groupSpawnOptions = { detached: GROUPS } as const;

/** Kill the child's whole group (or just the child where there are no groups). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (GROUPS) {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // The group is gone already; fall through to the child itself.
    }
  }
  child.kill('SIGKILL');
}

/** Start the reaper for `child`'s group; call the returned function to retire it after killing the group yourself. */
export function watchGroup(child: ChildProcess): () => void {
  if (!GROUPS || child.pid === undefined) return () => {};
  const reaper = spawn(process.execPath, ['-e', REAPER, String(child.pid)], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  reaper.on('error', () => {});
  reaper.stdin!.on('error', () => {});
  // Neither the reaper nor its pipe may keep the CLI alive.
  reaper.unref();
  (reaper.stdin as unknown as { unref?: () => void }).unref?.();
  return () => reaper.stdin!.end();
}
