/**
 * The run folder: `run.json` (settings), `trials.jsonl` (one line per finished trial, appended
 * and flushed as trials finish, so a killed process loses nothing finished), `oof/` (out-of-fold
 * predictions of the leading trials, for ensembling after a resume) and `leaderboard.json`.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../util/fs.js';
import { join } from 'node:path';
import { AskmlError } from '../errors.js';
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
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as RunInfo;
    const log = new RunLog(dir);
    mkdirSync(join(dir, 'oof'), { recursive: true });
    return { log, info, trials: readTrials(join(dir, 'trials.jsonl')) };
  }

  append(rec: TrialRecord): void {
    appendFileSync(this.trialsPath, JSON.stringify(rec, jsonSafe) + '\n');
  }

  writeJson(name: string, value: unknown): void {
    writeFileAtomic(join(this.dir, name), JSON.stringify(value, jsonSafe, 2));
  }

  saveOof(trialId: number, oof: Float64Array): void {
    writeFileSync(join(this.dir, 'oof', `trial-${trialId}.f64`), new Uint8Array(oof.buffer, oof.byteOffset, oof.byteLength));
  }

  loadOof(trialId: number): Float64Array | null {
    const p = join(this.dir, 'oof', `trial-${trialId}.f64`);
    if (!existsSync(p)) return null;
    const b = readFileSync(p);
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }

  /** Keep only the OOF files of these trials. */
  pruneOof(keep: Set<number>): void {
    const dir = join(this.dir, 'oof');
    for (const f of readdirSync(dir)) {
      const m = /^trial-(\d+)\.f64$/.exec(f);
      if (m && !keep.has(Number(m[1]))) rmSync(join(dir, f), { force: true });
    }
  }
}

/** Finished, scored trials best first (ties go to the earlier trial). */
export function rankedTrials(records: TrialRecord[], metric: MetricName): TrialRecord[] {
  return records
    .filter((r) => r.status === 'ok' && r.score !== null)
    .sort((a, b) => metricLoss(metric, a.score!) - metricLoss(metric, b.score!) || a.trialId - b.trialId);
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
