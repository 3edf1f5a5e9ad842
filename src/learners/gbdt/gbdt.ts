/**
 * The `gbdt` learner: histogram gradient boosting (LightGBM-style leaf-wise trees).
 */
import { registerLearner } from '../registry.js';
import type { Learner } from '../types.js';
import { fitGbdt } from './fit.js';
import { GBDT_NAME, GbdtModel } from './model.js';
import { gbdtSpace } from './params.js';

export const gbdtLearner: Learner = {
  name: GBDT_NAME,
  description:
    'Histogram gradient-boosted trees (LightGBM-style, leaf-wise, native missing values): the strongest default for tabular data of any size.',
  tasks: ['binary', 'multiclass', 'regression'],
  earlyStopping: true,
  view: 'tree',
  input: 'dense',
  space: gbdtSpace,
  fit: fitGbdt,
  load: (saved) => GbdtModel.load(saved),
};

registerLearner(gbdtLearner);
