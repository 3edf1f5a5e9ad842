/**
 * The run folder: `run.json` (settings), `trials.jsonl` (one line per finished trial, appended
 * and flushed as trials finish, so a killed process loses nothing finished), `oof/` (out-of-fold
 * predictions of the leading trials, for ensembling after a resume) and `leaderboard.json`.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { readJson, readJsonFile, writeFileAtomic } from '../util/fs.js';
import { join } from 'node:path';
import { AskmlError, fileAccessError } from '../errors.js';
import { metricLoss, type MetricName } from '../evaluate/metrics.js';
import type { ParamValue, Params, TaskType } from '../learners/types.js';
import type { ProposalKind } from './learner-search.js';

export interface TrialRecord {
  trialId: number;
  learner: string;
  params: Params;
  kind: ProposalKind;
  sampleSize: number;
  status: 'ok' | 'failed';
  foldScores: number[];
  /** Mean fold score (null when the trial failed). */
  score: number | null;
  fitSeconds: number;
  /** Resident memory (MB) of the askml process, all worker threads included, when the trial finished (not the trial's own use); 0 for a trial cut at its time limit. */
  memoryMB: number;
  /** Mean fold log loss for classification (search tie-breaker), null otherwise. */
  auxLogLoss: number | null;
  info: Record<string, ParamValue>;
  error: string | null;
  /** Seconds since the run started (this session) when the trial finished. */
  finishedAt: number;
  seed: number;
}

export interface RunInfo {
  runId: string;
  version: 1;
  createdAt: string;
  task: TaskType;
  metric: string;
  seed: number;
  learners: string[];
  nRows: number;
  nClasses: number;
  validation: { kind: 'cv' | 'holdout'; k: number };
  /** Checked on resume: the same data must be given again. */
  fingerprint: string;
  sessions: number;
}

export class RunLog {
  readonly dir: string;
  private readonly trialsPath: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.trialsPath = join(dir, 'trials.jsonl');
  }

  static create(dir: string, info: RunInfo): RunLog {
    mkdirSync(join(dir, 'oof'), { recursive: true });
    if (existsSync(join(dir, 'trials.jsonl'))) {
      throw new AskmlError('BAD_ARGUMENT', `Run folder '${dir}' already holds a run.`, {
        hint: 'Resume it (resume: true) or choose a new run folder.',
      });
    }
    const log = new RunLog(dir);
    log.writeJson('run.json', info);
    writeFileSync(log.trialsPath, '');
    return log;
  }

  /** Open an existing run for resuming: its info and every finished trial. */
  static open(dir: string): { log: RunLog; info: RunInfo; trials: TrialRecord[] } {
    const infoPath = join(dir, 'run.json');
    if (!existsSync(infoPath)) {
      throw new AskmlError('NOT_FOUND', `No run to resume in '${dir}' (run.json missing).`);
    }
    const info = readJsonFile<RunInfo>(infoPath, 'run settings file');
    const log = new RunLog(dir);
    mkdirSync(join(dir, 'oof'), { recursive: true });
    const trials = readTrials(log.trialsPath);
    log.cutTornTail();
    return { log, info, trials };
  }

  /**
   * A process killed mid-append leaves a torn last line (readTrials skips it): cut it off, or the
   * next record would be appended onto it and be unreadable too.
   */
  private cutTornTail(): void {
    if (!existsSync(this.trialsPath)) return;
    const buf = readFileSync(this.trialsPath);
    if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return;
    try {
      truncateSync(this.trialsPath, buf.lastIndexOf(0x0a) + 1);
    } catch (e) {
      throw fileAccessError(e, this.trialsPath) ?? e;
    }
  }

  append(rec: TrialRecord): void {
    try {
      appendFileSync(this.trialsPath, JSON.stringify(rec, jsonSafe) + '\n');
    } catch (e) {
      throw fileAccessError(e, this.trialsPath) ?? e;
    }
  }

  writeJson(name: string, value: unknown): void {
    writeFileAtomic(join(this.dir, name), JSON.stringify(value, jsonSafe, 2));
  }

  /** Written whole or not at all (a full disk or a kill mid-write leaves no short file). */
  saveOof(trialId: number, oof: Float64Array): void {
    writeFileAtomic(join(this.dir, 'oof', `trial-${trialId}.f64`), new Uint8Array(oof.buffer, oof.byteOffset, oof.byteLength));
  }

  /** A trial's saved out-of-fold predictions; null when missing or not of `length` values (damaged). */
  loadOof(trialId: number, length: number): Float64Array | null {
    const p = join(this.dir, 'oof', `trial-${trialId}.f64`);
    if (!existsSync(p)) return null;
    const b = readFileSync(p);
    if (b.byteLength !== length * 8) return null;
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }

  /** Keep only the OOF files of these trials. */
  pruneOof(keep: Set<number>): void {
    const dir = join(this.dir, 'oof');
    for (const f of readdirSync(dir)) {
      const m = /^trial-(\d+)\.f64$/.exec(f);
      // (and the temporary file of a write a killed process did not finish)
      if ((m && !keep.has(Number(m[1]))) || /^\.trial-\d+\.f64\.[0-9a-f]+\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
    }
  }
}

/** Finished, scored trials best first (ties go to the earlier trial). */
export function rankedTrials(records: TrialRecord[], metric: MetricName): TrialRecord[] {
  return records
    .filter((r) => r.status === 'ok' && r.score !== null)
    .sort((a, b) => metricLoss(metric, a.score!) - metricLoss(metric, b.score!) || a.trialId - b.trialId);
}

/** Start of the error of a trial cut at its time limit (worker-pool.ts TrialTimeoutError). */
export const TIME_LIMIT_ERROR = 'trial stopped at its time limit';

/** One learner's part of a search: how many trials it got, and its best configuration. */
export interface LearnerSummary {
  learner: string;
  /** Finished trials (scored or failed), all sessions of the run. */
  trials: number;
  /** Trials that failed with an error. */
  failed: number;
  /** Trials cut at their time limit (no score; common near the deadline). */
  timedOut: number;
  /** Worker seconds its trials took. */
  fitSeconds: number;
  /** Its best scored trial, or null when none scored. */
  best: { trialId: number; score: number; scoreStd: number | null; params: Params; fitSeconds: number } | null;
}

/**
 * Best configuration of each learner, best learner first (learners without a scored trial last,
 * then candidates that never ran).
 * The leaderboard often holds near-identical neighbours of one learner; this answers how the
 * learners compared.
 */
export function learnerSummary(records: TrialRecord[], metric: MetricName, candidates: readonly string[] = []): LearnerSummary[] {
  const by = new Map<string, LearnerSummary>();
  const entry = (learner: string): LearnerSummary => {
    const s = by.get(learner) ?? { learner, trials: 0, failed: 0, timedOut: 0, fitSeconds: 0, best: null };
    by.set(learner, s);
    return s;
  };
  // Candidates the search never got to start still get a row (0 trials).
  for (const l of candidates) entry(l);
  for (const r of records) {
    const s = entry(r.learner);
    s.trials++;
    s.fitSeconds += Number.isFinite(r.fitSeconds) ? r.fitSeconds : 0;
    if (r.status !== 'ok') {
      if (r.error?.startsWith(TIME_LIMIT_ERROR)) s.timedOut++;
      else s.failed++;
    }
  }
  // Each learner's best is its first trial in the leaderboard order; learners follow that order.
  const scored: LearnerSummary[] = [];
  for (const r of rankedTrials(records, metric)) {
    const s = by.get(r.learner)!;
    if (s.best) continue;
    s.best = { trialId: r.trialId, score: r.score!, scoreStd: foldStd(r.foldScores), params: r.params, fitSeconds: r.fitSeconds };
    scored.push(s);
  }
  const rest = [...by.values()].filter((s) => !s.best).sort((a, b) => Number(b.trials > 0) - Number(a.trials > 0) || (a.learner < b.learner ? -1 : 1));
  const out = [...scored, ...rest];
  for (const s of out) s.fitSeconds = Math.round(s.fitSeconds * 1000) / 1000;
  return out;
}

/** Sample standard deviation of a trial's fold scores (null for fewer than two folds). */
export function foldStd(xs: readonly number[] | undefined): number | null {
  if (!xs || xs.length < 2) return null;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** A tune session sub-folder of a run: tune-<n>/, its learner, and whether its search finished. */
export interface TuneSession {
  n: number;
  dir: string;
  /** The learner it tuned (from its run.json); null when the session died before writing it. */
  learner: string | null;
  /** Finished trials in its log. */
  trials: number;
  /** The search ended and wrote its leaderboard; false for a killed session. */
  finished: boolean;
}

/** The tune-<n>/ sub-folders of a run folder, in order (names only: nothing in them is read). */
export function tuneSessionDirs(runDir: string): { n: number; dir: string }[] {
  if (!existsSync(runDir)) return [];
  const out: { n: number; dir: string }[] = [];
  for (const name of readdirSync(runDir)) {
    const m = /^tune-(\d+)$/.exec(name);
    const dir = join(runDir, name);
    if (m && statSync(dir).isDirectory()) out.push({ n: Number(m[1]), dir });
  }
  return out.sort((a, b) => a.n - b.n);
}

/** The tune-<n>/ sub-folders of a run folder, in order, with their learner, trial count and state. */
export function tuneSessions(runDir: string): TuneSession[] {
  return tuneSessionDirs(runDir).map(({ n, dir }) => {
    let info: RunInfo | undefined;
    try {
      info = readJson<RunInfo>(join(dir, 'run.json'));
    } catch {
      // damaged: its learner is unknown
    }
    return {
      n,
      dir,
      learner: info?.learners.length === 1 ? info.learners[0] : null,
      trials: readTrials(join(dir, 'trials.jsonl')).length,
      finished: existsSync(join(dir, 'leaderboard.json')),
    };
  });
}

/**
 * Tune sessions killed after some trials, each the last session of its learner: the next tune of
 * that learner continues it in its folder (run-search.ts), and `askml runs` lists it.
 */
export function interruptedTuneSessions(runDir: string): TuneSession[] {
  const lastOf = new Map<string, TuneSession>();
  for (const s of tuneSessions(runDir)) if (s.learner) lastOf.set(s.learner, s);
  return [...lastOf.values()].filter((s) => !s.finished && s.trials > 0).sort((a, b) => a.n - b.n);
}

/** Finished trials of a run folder: its own log plus every tune-<n>/ session's (killed ones included). */
export function runTrialCount(runDir: string): number {
  return readTrials(join(runDir, 'trials.jsonl')).length + tuneSessions(runDir).reduce((a, t) => a + t.trials, 0);
}

/** Read trials.jsonl, skipping a torn last line (the process may have been killed mid-write). */
export function readTrials(path: string): TrialRecord[] {
  if (!existsSync(path)) return [];
  const out: TrialRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line, jsonRevive) as TrialRecord);
    } catch {
      // torn line from a killed process: ignore
    }
  }
  return out;
}

function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

function jsonRevive(_k: string, v: unknown): unknown {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}
