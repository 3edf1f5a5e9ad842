/**
 * One search session at a time per run: `session.lock` in the run folder, created with O_EXCL
 * ('wx'), holding the owner's pid, host, the call that holds it and when it started. A lock file
 * rather than an in-process Map so that two processes on one workspace (an MCP server and
 * `askml resume`, or two servers) are serialized too. A lock whose process is gone (same host, pid
 * not alive) is stale and taken over; a crash therefore never blocks a run for good.
 *
 * Two concurrent tune sessions on one run would otherwise pick the same trial ids and tune-<n>
 * folder, and the last one to write record.json would drop the other's trials (audit F6).
 */
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AskmlError } from '../errors.js';

export const LOCK_FILE = 'session.lock';
/** An unreadable lock file younger than this is being written, not torn. */
const TORN_GRACE_MS = 10_000;

export interface LockInfo {
  pid: number;
  host: string;
  /** What holds the lock, e.g. "tune (learner gbdt)". */
  what: string;
  since: string;
  token: string;
}

export interface RunLock {
  /** Remove the lock (only if it is still ours). Safe to call twice. */
  release(): void;
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null; // gone, or torn by a crash while it was written
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !zombie(pid);
}

/** A killed process whose parent has not reaped it yet still answers kill(pid, 0) (Linux: state Z). */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // no /proc (macOS, Windows): trust kill(pid, 0)
  }
}

/** The holder of a live lock on the run, or null when the run is free (a stale lock counts as free). */
export function runLockHolder(runDir: string): LockInfo | null {
  const file = join(runDir, LOCK_FILE);
  const info = readLock(file);
  if (!info) {
    // Unreadable: being written this instant by another caller (fresh), or torn by a crash (old).
    let age = Infinity;
    try {
      age = Date.now() - statSync(file).mtimeMs;
    } catch {
      return null;
    }
    return age < TORN_GRACE_MS ? { pid: -1, host: 'unknown host', what: 'another session', since: 'just now', token: '' } : null;
  }
  if (info.host === hostname() && !pidAlive(info.pid)) return null;
  return info;
}

export function runBusyError(runId: string, runDir: string, h: LockInfo): AskmlError {
  const by = h.pid < 0 ? 'another caller' : h.pid === process.pid && h.host === hostname() ? 'another call in this process' : `process ${h.pid} on ${h.host}`;
  return new AskmlError('BAD_ARGUMENT', `Run '${runId}' is busy: ${h.what} by ${by} has been searching it since ${h.since}.`, {
    hint:
      'One tune or resume at a time per run: wait for that call to finish (or cancel it), then call again, or start a new run with search_model. ' +
      `If no askml process uses the run any more, delete ${join(runDir, LOCK_FILE)}.`,
    field: 'run_id',
    value: runId,
  });
}

/** Take the run's session lock or throw BAD_ARGUMENT naming the run and the holder. */
export function lockRun(runDir: string, runId: string, what: string): RunLock {
  const file = join(runDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), what, since: new Date().toISOString(), token: randomBytes(6).toString('hex') };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readLock(file)?.token === mine.token) {
            try {
              unlinkSync(file);
            } catch {
              // already gone
            }
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = runLockHolder(runDir);
    if (holder) throw runBusyError(runId, runDir, holder);
    try {
      unlinkSync(file); // stale: its process is gone
    } catch {
      // another caller removed it first; retry the create
    }
  }
  throw runBusyError(runId, runDir, runLockHolder(runDir) ?? { ...mine, what: 'another session', pid: -1, host: 'unknown host' });
}

/** Run `f` holding the run's session lock. */
export async function withRunLock<T>(runDir: string, runId: string, what: string, f: () => Promise<T>): Promise<T> {
  const lock = lockRun(runDir, runId, what);
  try {
    return await f();
  } finally {
    lock.release();
  }
}
