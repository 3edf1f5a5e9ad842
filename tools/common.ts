/**
 * Pieces several tools share: learner family -> learner name resolution and small formatting
 * helpers. No tool logic.
 */
import { AskmlError } from '../src/errors.js';
import { LEARNER_FAMILIES } from '../src/agent/plan.js';
import { allLearners, getLearner } from '../src/learners/index.js';
import type { TaskType } from '../src/learners/types.js';

/** Which families each registered learner belongs to (plan names like 'linear', 'forest'). */
const FAMILY_OF: Record<string, string> = {
  logistic_regression: 'linear',
  linear_svm: 'linear',
  ridge: 'linear',
  linear_regression: 'linear',
  decision_tree: 'decision_tree',
  random_forest: 'forest',
  extra_trees: 'forest',
  gbdt: 'gbdt',
  naive_bayes: 'naive_bayes',
  knn: 'knn',
};

/**
 * Learner names or families -> registered learner names for `task`. Unknown names throw
 * UNKNOWN_LEARNER with the valid names and families; families with no learner for the task are
 * skipped and reported in `notes`.
 */
export function resolveLearners(names: readonly string[], task: TaskType, notes: string[]): string[] {
  const registered = allLearners();
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (registered.some((l) => l.name === name)) {
      if (getLearner(name).tasks.includes(task)) out.add(name);
      else notes.push(`Learner '${name}' does not handle ${task}; skipped.`);
      continue;
    }
    if ((LEARNER_FAMILIES as readonly string[]).includes(name)) {
      const members = registered.filter((l) => (FAMILY_OF[l.name] ?? l.name) === name && l.tasks.includes(task));
      if (members.length === 0) notes.push(`No '${name}' learner is available for ${task}; skipped.`);
      for (const l of members) out.add(l.name);
      continue;
    }
    const choices = [...registered.map((l) => l.name), ...LEARNER_FAMILIES];
    throw new AskmlError('UNKNOWN_LEARNER', `Learner '${raw}' is unknown.`, { choices, value: raw });
  }
  return [...out];
}

export function fmt(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : Number(v.toFixed(digits)).toString();
}
