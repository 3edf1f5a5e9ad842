/**
 * Pieces several tools share: learner family -> learner name resolution and small formatting
 * helpers. No tool logic.
 */
import { z } from 'zod';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AskmlError, closest } from '../src/errors.js';
import { loadArtifact } from '../src/export/artifact.js';
import { unfinishedHint, unfinishedState } from '../src/task/runs.js';
import { hasSavedModel } from '../src/task/run-artifacts.js';
import { LEARNER_FAMILIES, LEARNER_FAMILY } from '../src/agent/plan.js';
import { allLearners, getLearner } from '../src/learners/index.js';
import type { TaskType } from '../src/learners/types.js';

/**
 * Learner names or families -> registered learner names for `task`. Unknown names throw
 * UNKNOWN_LEARNER with the valid names and families (`single`: the names only, for tune, which
 * refuses a family); families with no learner for the task are skipped and reported in `notes`.
 * `field` names the argument the names came from in the message; `offer` replaces the choices
 * listed (tune: the run's own learners, the only ones it can start from); did-you-mean still
 * looks at every valid name.
 */
export function resolveLearners(names: readonly string[], task: TaskType, notes: string[], o: { single?: boolean; field?: string; offer?: readonly string[] } = {}): string[] {
  const registered = allLearners();
  const out = new Set<string>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (registered.some((l) => l.name === name)) {
      if (getLearner(name).tasks.includes(task)) out.add(name);
      else notes.push(`Learner '${name}' does not handle ${task} tasks; skipped.`);
      continue;
    }
    if ((LEARNER_FAMILIES as readonly string[]).includes(name)) {
      const members = registered.filter((l) => (LEARNER_FAMILY[l.name] ?? l.name) === name && l.tasks.includes(task));
      if (members.length === 0) notes.push(`No '${name}' learner is available for ${task} tasks; skipped.`);
      for (const l of members) out.add(l.name);
      continue;
    }
    unknown.push(raw);
  }
  if (unknown.length > 0) {
    const choices = o.single ? singleLearnerChoices(task) : learnerChoices(task);
    const hints = unknown.map((u) => [u, closest(u, choices)] as const).filter(([, c]) => c !== undefined);
    throw new AskmlError('UNKNOWN_LEARNER', `${unknown.length === 1 ? 'Learner' : 'Learners'} ${unknown.map((u) => `'${u}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} unknown${o.field ? ` (${o.field})` : ''}.`, {
      choices: o.offer && o.offer.length > 0 ? [...o.offer] : choices,
      ...(o.field ? { field: o.field } : {}),
      hint: hints.length > 0 ? hints.map(([u, c]) => `Did you mean '${c}'${unknown.length > 1 ? ` for '${u}'` : ''}?`).join(' ') : undefined,
      value: unknown.join(', '),
    });
  }
  return [...out];
}

/**
 * "learners: gbdt, random_forest, ...; families: linear (logistic_regression, ...), ...": every name
 * a learner field accepts, for the tools' schema descriptions (the field stays a string, so case,
 * spaces and hyphens are forgiven and a wrong name gets the closest one; a client still sees them).
 */
export function learnerNamesText(o: { families?: boolean } = {}): string {
  const names = allLearners().map((l) => l.name);
  const fams = (LEARNER_FAMILIES as readonly string[]).map((f) => {
    const members = names.filter((n) => (LEARNER_FAMILY[n] ?? n) === f);
    return members.length > 1 || (members.length === 1 && members[0] !== f) ? `${f} (${members.join(', ')})` : null;
  }).filter((x): x is string => x !== null);
  return `learners: ${names.join(', ')}${o.families === false || fams.length === 0 ? '' : `; families: ${fams.join(', ')}`}`;
}

/** Learner names and family names that can serve a task, each once. */
export function learnerChoices(task: TaskType): string[] {
  const names = singleLearnerChoices(task);
  const families = (LEARNER_FAMILIES as readonly string[]).filter((f) => allLearners().some((l) => (LEARNER_FAMILY[l.name] ?? l.name) === f && l.tasks.includes(task)));
  return [...new Set([...names, ...families])];
}

/** Learner names (no family) that can serve a task: the choices for tune's one `learner`. */
export function singleLearnerChoices(task: TaskType): string[] {
  return allLearners().filter((l) => l.tasks.includes(task)).map((l) => l.name);
}

export function fmt(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : Number(v.toFixed(digits)).toString();
}

/**
 * `schema`, or null for `fallback`: an argument a model may leave out (MCP fills omitted nullable
 * fields with null) that still reaches the tool as a plain value. The MCP (input) JSON schema shows
 * it as nullable; the OpenAI strict schema (output side) shows the plain type, required as before.
 */
export function orDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return schema
    .nullable()
    .transform((v) => (v ?? fallback) as z.output<T>)
    .pipe(schema as unknown as z.ZodType<z.output<T>, Awaited<z.output<T>>>);
}

/**
 * A signal that also fires after `seconds` (a wall-clock cap for searches with a trial count but
 * no time budget). `fired()` tells whether the cap (not the caller) stopped the work.
 */
export function wallCap(signal: AbortSignal | undefined, seconds: number): { signal: AbortSignal; fired(): boolean; dispose(): void } {
  const controller = new AbortController();
  let capped = false;
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    capped = !controller.signal.aborted;
    controller.abort(new Error(`wall-clock cap of ${seconds} s reached`));
  }, seconds * 1000);
  timer.unref?.();
  return {
    signal: controller.signal,
    fired: () => capped,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** A run killed before it saved a model: NOT_FOUND with what its folder holds and how to continue it. */
export function checkRunHasModel(runDir: string, runId: string): void {
  if (hasSavedModel(runDir)) return;
  if (existsSync(path.join(runDir, 'record.json'))) {
    // A finished run whose model folder is gone: name the run, not a folder the user never gave (audit).
    throw new AskmlError('NOT_FOUND', `Run '${runId}' has no saved model: ${path.join(runDir, 'model')} holds no manifest.json (removed, or never written).`, {
      hint: `'askml resume ${runId} --budget S' (MCP: tune) searches again and saves a model.`,
    });
  }
  throw new AskmlError('NOT_FOUND', `Run '${runId}' has no saved model yet: its search did not finish.`, { hint: unfinishedHint(runId, unfinishedState(runDir)) });
}

/** The saved model of a run, or NOT_FOUND naming the run (its model folder removed, or its search unfinished). */
export function loadRunModel(runDir: string, runId: string): ReturnType<typeof loadArtifact> {
  checkRunHasModel(runDir, runId);
  return loadArtifact(path.join(runDir, 'model'));
}
