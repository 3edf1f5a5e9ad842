/**
 * askml as a library. The task API runs the whole agent (plan -> tools -> report); the engine
 * functions below it can be used one by one. askml ships TypeScript sources: import it from a
 * project run with tsx (or any loader that strips types).
 */
export { submitTask, type SubmitTaskOptions, type Task, type TaskResult } from './task/submit.js';
export { getTask, listTasks, type TaskRecord, type TaskStatus } from './task/tasks.js';
export { AskmlError, isAskmlError, type ErrorCode } from './errors.js';
export { loadTable } from './data/load.js';
export { profileFrame, analyzeFrame } from './data/profile.js';
export { trainTestSplit, kFold, readSplitFile } from './data/split.js';
export type { Frame, Column } from './data/frame.js';
export { planFeatures, fitPipeline } from './features/plan.js';
export { aggregateChildren } from './features/relational.js';
export { allLearners, getLearner, learnerNames } from './learners/index.js';
export { searchModel } from './search/automl.js';
export { tune } from './search/tune.js';
export { TrainedModel } from './search/trained-model.js';
export { evaluate } from './evaluate/evaluate.js';
export { scoreMetric, METRICS } from './evaluate/metrics.js';
export { exportPipeline, scoreOnnx } from './export/index.js';
export { saveArtifact, loadArtifact, predictFile } from './export/artifact.js';
export { writeReport, renderHtml, renderMarkdown } from './report/index.js';
export { TOOLS } from '../tools/index.js';
