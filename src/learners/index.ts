/**
 * Importing this module registers every learner. Add one import line per learner file.
 */
export * from './registry.js';
export type * from './types.js';
import './linear/logistic.js';
import './linear/svm.js';
import './gbdt/gbdt.js';
import './linear/ridge.js';
import './naive-bayes/naive-bayes.js';
import './knn/knn.js';
import './forest/forest.js';
