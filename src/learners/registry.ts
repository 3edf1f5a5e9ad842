/**
 * The learner registry: the one list of learners the search may use. Learner files register
 * themselves through src/learners/index.ts (import it to get them all).
 */
import { unknownName } from '../errors.js';
import type { DataShape, Learner, SavedModel, FittedModel } from './types.js';
import { loadWithTransform } from './log-target.js';

const learners = new Map<string, Learner>();

export function registerLearner(learner: Learner): void {
  learners.set(learner.name, learner);
}

export function learnerNames(): string[] {
  return [...learners.keys()];
}

export function allLearners(): Learner[] {
  return [...learners.values()];
}

/** The learner named `name`, or AskmlError UNKNOWN_LEARNER listing the valid names. */
export function getLearner(name: string): Learner {
  const l = learners.get(name);
  if (!l) throw unknownName('UNKNOWN_LEARNER', 'Learner', name, learnerNames());
  return l;
}

/** Learners that handle this task and data shape. */
export function learnersFor(shape: DataShape): Learner[] {
  return allLearners().filter(
    (l) =>
      l.tasks.includes(shape.task) &&
      (l.suitable ? l.suitable(shape) : true) &&
      (!shape.sparse || l.input !== 'dense' || shape.cols <= 2000),
  );
}

/** Load a saved model with the learner that wrote it. */
export function loadModel(saved: SavedModel): FittedModel {
  // A model fitted on log(target) (MAPE) is the learner's model wrapped (log-target.ts).
  return loadWithTransform(saved, (s) => getLearner(s.learner).load(s));
}

/** Learners searched for `task` when the caller names none (those marked onRequest are left out). */
export function defaultLearnerNames(task: DataShape['task']): string[] {
  return allLearners()
    .filter((l) => l.tasks.includes(task) && !l.onRequest)
    .map((l) => l.name);
}
