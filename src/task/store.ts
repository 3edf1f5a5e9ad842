/**
 * The workspace folder (default `.askml/`) and the records kept in it. Everything a run makes
 * lives under it, so a finished task can be listed and read back after a restart:
 *
 *   .askml/datasets/<id>.json     a registered data file (path, sha256, format, shape)
 *   .askml/features/<id>.json     engineer_features options (reused by search_model via features_id)
 *   .askml/runs/<id>/             one search run: run.json, trials.jsonl, model/, model.onnx, report.*
 *   .askml/tasks/<id>.json        a task's status and result; <id>.events.jsonl its event log
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AskmlError } from '../errors.js';
import { readJson, writeJsonAtomic } from '../util/fs.js';
import { isValidId } from './ids.js';

export type RecordKind = 'datasets' | 'features' | 'runs' | 'tasks';

/** Id prefix of each record kind (`newId(ID_PREFIX.runs)` -> 'run_20261123140501_a1b2c3'). */
export const ID_PREFIX: Record<RecordKind, string> = { datasets: 'ds', features: 'ft', runs: 'run', tasks: 'task' };

export function defaultWorkspaceDir(): string {
  return resolve(process.env.ASKML_WORKSPACE ?? '.askml');
}

export function kindDir(workspaceDir: string, kind: RecordKind): string {
  const d = join(workspaceDir, kind);
  mkdirSync(d, { recursive: true });
  return d;
}

function checkId(kind: RecordKind, id: string): void {
  if (!isValidId(id)) {
    throw new AskmlError('NOT_FOUND', `'${id}' is not a valid ${kind.slice(0, -1)} id.`, {
      hint: `Ids look like '${ID_PREFIX[kind]}_20261123140501_a1b2c3'. List them with list_tasks or 'askml runs'.`,
    });
  }
}

/** The folder of one run (created if needed). */
export function runDir(workspaceDir: string, runId: string): string {
  checkId('runs', runId);
  const d = join(kindDir(workspaceDir, 'runs'), runId);
  mkdirSync(d, { recursive: true });
  return d;
}

export function existingRunDir(workspaceDir: string, runId: string): string {
  checkId('runs', runId);
  const d = join(workspaceDir, 'runs', runId);
  if (!existsSync(d)) throw notFound('run', runId, listIds(workspaceDir, 'runs'));
  return d;
}

export function saveRecord(workspaceDir: string, kind: Exclude<RecordKind, 'runs'>, id: string, value: unknown): void {
  checkId(kind, id);
  writeJsonAtomic(join(kindDir(workspaceDir, kind), `${id}.json`), value);
}

export function loadRecord<T>(workspaceDir: string, kind: Exclude<RecordKind, 'runs'>, id: string): T {
  checkId(kind, id);
  const v = readJson<T>(join(workspaceDir, kind, `${id}.json`));
  if (v === undefined) throw notFound(kind.slice(0, -1), id, listIds(workspaceDir, kind));
  return v;
}

/** Ids of a kind, newest first. */
export function listIds(workspaceDir: string, kind: RecordKind): string[] {
  const d = join(workspaceDir, kind);
  if (!existsSync(d)) return [];
  const names = readdirSync(d)
    .map((f) => f.replace(/\.json$/, ''))
    .filter((f) => isValidId(f));
  return [...new Set(names)].sort().reverse();
}

export function appendEvent(workspaceDir: string, taskId: string, event: unknown): void {
  checkId('tasks', taskId);
  appendFileSync(join(kindDir(workspaceDir, 'tasks'), `${taskId}.events.jsonl`), JSON.stringify(event) + '\n');
}

function notFound(kind: string, id: string, known: string[]): AskmlError {
  return new AskmlError('NOT_FOUND', `No ${kind} with id '${id}' in this workspace.`, {
    choices: known.slice(0, 20),
    hint: known.length === 0 ? `The workspace has no ${kind}s yet.` : undefined,
  });
}
