/**
 * Checks shared by the fitted tree ensembles (forest, gbdt): input width, classification-only
 * calls and the saved-model version. Messages are part of their behaviour: keep them stable.
 */
import { AskmlError } from '../../errors.js';
import type { Matrix, SavedModel, TaskType } from '../types.js';

/** Throws SCHEMA_MISMATCH when X does not have the `nFeatures` columns the model was fitted on. */
export function checkFeatureCount(X: Matrix, nFeatures: number): void {
  if (X.cols !== nFeatures) {
    throw new AskmlError('SCHEMA_MISMATCH', `Model expects ${nFeatures} features, got ${X.cols}.`);
  }
}

/** Throws BAD_ARGUMENT for class probabilities asked of a regression model. */
export function requireClassification(task: TaskType): void {
  if (task === 'regression') {
    throw new AskmlError('BAD_ARGUMENT', 'predictProba is only available for classification models.');
  }
}

/** Throws VERSION_MISMATCH unless `saved` is a version-1 model of `learner`. */
export function checkSavedVersion(saved: SavedModel, learner: string): void {
  if (saved.learner !== learner || saved.version !== 1) {
    throw new AskmlError('VERSION_MISMATCH', `Cannot load ${saved.learner} v${saved.version} as ${learner} v1.`);
  }
}
