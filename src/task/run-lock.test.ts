import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { LOCK_FILE, lockRun, runLockHolder, withRunLock } from './run-lock.js';

let dir: string;
const RUN = 'run_20261206192632_a5b66f';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-run-lock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(f: () => unknown): { code?: string; message?: string; describe?: () => string } {
  try {
    f();
  } catch (e) {
    return e as { code?: string; message?: string };
  }
  return {};
}

describe('run session lock', () => {
  it('lets one session in and refuses a second with BAD_ARGUMENT naming the run and the holder', async () => {
    const lock = lockRun(dir, RUN, 'tune (learner gbdt)');
    expect(runLockHolder(dir)?.what).toBe('tune (learner gbdt)');
    const e = errorOf(() => lockRun(dir, RUN, 'tune (all learners)'));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toContain(`Run '${RUN}' is busy: tune (learner gbdt) by another call in this process`);
    await expect(withRunLock(dir, RUN, 'resume', async () => 1)).rejects.toThrow(/is busy/);
    lock.release();
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(await withRunLock(dir, RUN, 'resume', async () => 42)).toBe(42);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false); // released after the session
  });

  it('takes over a lock whose process is gone, or an old torn lock file, but not a fresh one', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), what: 'tune', since: 'then', token: 'x' }));
    expect(runLockHolder(dir)).toBeNull();
    lockRun(dir, RUN, 'tune').release();

    writeFileSync(path.join(dir, LOCK_FILE), ''); // being written right now by someone else
    expect(errorOf(() => lockRun(dir, RUN, 'tune')).message).toContain('is busy');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, LOCK_FILE), old, old); // torn by a crash long ago
    lockRun(dir, RUN, 'tune').release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('run session lock of a killed process', () => {
  it('is stale as soon as the process is killed, also while it is a zombie nobody reaped', async () => {
    if (process.platform !== 'linux') return;
    const { spawn } = await import('node:child_process');
    // sh starts `sleep 30`, prints its pid, then becomes `sleep 60`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((r) => parent.stdout!.once('data', (b) => r(String(b).trim()))));
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), what: 'search_model', since: 'now', token: 'y' }));
      expect(runLockHolder(dir)?.pid).toBe(pid);
      process.kill(pid, 'SIGKILL');
      const t0 = Date.now();
      while (runLockHolder(dir) !== null && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
      expect(() => process.kill(pid, 0)).not.toThrow(); // still there: a zombie
      expect(runLockHolder(dir)).toBeNull();
      lockRun(dir, RUN, 'tune').release();
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
