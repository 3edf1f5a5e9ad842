/**
 * Run a case in its own Node process, so a crash (a model that exhausts the heap, a native
 * abort) or a leak in one case fails that case with the reason instead of ending the suite.
 * Startup costs about a second per case and is outside the measured wall time (the child times
 * submit -> done itself).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedCase } from './case.js';
import { caseStatus, xfailFor, type CaseResult, type RunCaseOptions } from './run-case.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'case-child.mjs');
const STDERR_TAIL = 4000;

export async function runCaseIsolated(c: LoadedCase, o: RunCaseOptions, signal?: AbortSignal): Promise<CaseResult> {
  if (o.model) throw new Error('runCaseIsolated: a PlannerModel object cannot cross a process; run in-process instead');
  const root = o.workspaceRoot ?? tmpdir();
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, `askml-eval-job-`));
  const job = path.join(dir, 'job.json');
  const out = path.join(dir, 'result.json');
  writeFileSync(job, JSON.stringify({ case: c, options: o }));
  const t0 = performance.now();
  try {
    const { code, signal: exitSignal, stderr } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CHILD, job, out], { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
      // Ctrl-C on the suite stops the case's process too (it was left running on its own).
      const stop = (): void => void child.kill('SIGTERM');
      if (signal?.aborted) stop();
      else signal?.addEventListener('abort', stop, { once: true });
      child.on('close', () => signal?.removeEventListener('abort', stop));
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err = (err + b.toString('utf8')).slice(-STDERR_TAIL);
      });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stderr: err }));
    });
    if (code === 0 && existsSync(out)) return JSON.parse(readFileSync(out, 'utf8')) as CaseResult;
    return crashed(c, o, { code, signal: exitSignal, stderr, seconds: (performance.now() - t0) / 1000, stopped: signal?.aborted ?? false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function crashed(c: LoadedCase, o: RunCaseOptions, e: { code: number | null; signal: NodeJS.Signals | null; stderr: string; seconds: number; stopped?: boolean }): CaseResult {
  const fatal = /FATAL ERROR: ([^\n]+)/.exec(e.stderr)?.[1] ?? e.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
  const detail = e.stopped
    ? 'stopped by Ctrl-C before it finished'
    : `case process crashed (${e.signal ? `signal ${e.signal}` : `exit code ${e.code}`})${fatal ? `: ${fatal.slice(0, 200)}` : ''}`;
  const xfail = xfailFor(c, o);
  return {
    id: c.id, tags: c.tags, instruction: c.instruction, mode: 'run', planner: o.planner,
    passed: false, status: caseStatus(false, xfail), xfail, plan_ok: false, result_ok: false, reasons: [detail], plan: null,
    plan_checks: [], result_checks: [{ name: 'finished', ok: false, expected: 'succeeded', actual: e.stopped ? 'stopped' : 'crashed', detail }],
    score: null, calls: [], best_learner: null, test_metrics: null, wall_seconds: Math.round(e.seconds * 100) / 100, workspace: null, assumptions: [], notes: [],
  };
}
