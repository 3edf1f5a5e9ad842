/**
 * Everything the run report shows, as plain JSON-safe data. The report tool maps the outputs of
 * profile / plan / search / evaluate / export into this shape; the renderers know nothing else.
 *
 * Conventions: absent things are `null` (never `undefined`), numbers that could not be computed
 * are `null` (JSON has no NaN; the renderers also tolerate NaN/Infinity and show them as "–"),
 * strings coming from the user or the data (instruction, column names, class labels, reasons)
 * are shown verbatim and escaped by the renderers.
 */

export type ReportLang = 'zh' | 'en';
export type ReportTaskKind = 'binary' | 'multiclass' | 'regression';
export type ParamValue = number | string | boolean | null;

export interface ReportInput {
  /** Language of the report's own text (headings, captions). Data values are never translated. */
  lang: ReportLang;
  /** The user's instruction, verbatim ("对新闻标题进行多类别分类"). */
  instruction: string;
  /** ISO-8601 time the report was made (passed in so rendering stays deterministic). */
  createdAt: string;
  task: ReportTask;
  profile: ReportProfile;
  plan: ReportPlan | null;
  /** Best first, as the search ranked them. */
  leaderboard: LeaderboardRow[];
  /** Each learner's best configuration and trial count, best learner first (absent: not shown). */
  learners?: ReportLearnerRow[] | null;
  /** Finalists re-scored on fresh folds (cross-validated regression), when the search did so. */
  revalidation?: ReportRevalidation | null;
  /** Every trial in the order they finished. */
  trials: TrialRecord[];
  evaluation: ReportEvaluation | null;
  importance: ReportImportance | null;
  /** Terms of each text column that weigh most per class in the model's linear members; absent or null: not shown. */
  topTerms?: ReportTopTerms | null;
  pipeline: ReportPipeline | null;
  repro: ReportRepro;
  /**
   * How the (last) search session ended: 'completed', 'budget_exhausted' (normal finishes, not
   * shown) or 'cancelled' (stopped by the user; shown at the top). Absent or null: not shown.
   */
  status?: string | null;
  /** The run's notes (record.json), in English as the tools wrote them; zh reports translate the known ones. */
  notes?: string[] | null;
}

export interface ReportLearnerRow {
  learner: string;
  trials: number;
  /** Trials that failed with an error. */
  failed: number;
  /** Trials cut at their time limit (no score). */
  timedOut: number;
  /** Seconds its trials took (worker time). */
  fitSeconds: number;
  /** Its best configuration; null when none of its trials scored. */
  best: { params: Record<string, ParamValue>; cvScore: number; cvStd: number | null } | null;
}

export interface ReportTask {
  kind: ReportTaskKind;
  target: string;
  /** Metric the search optimised, e.g. 'macro_f1', 'rmse'. */
  metric: string;
  /** true for accuracy/F1/AUC/R2, false for RMSE/MAE/log loss. */
  greaterIsBetter: boolean;
}

export interface ReportProfile {
  /** Data file as the user named it (path or basename). */
  file: string;
  rows: number;
  columns: number;
  columnSummaries: ColumnSummary[];
  /** Class balance (classification) — null for regression. */
  classCounts: { label: string; count: number }[] | null;
  /** Target distribution (regression) — null for classification. */
  targetStats: { min: number | null; max: number | null; mean: number | null; std: number | null } | null;
  warnings: string[];
}

export interface ColumnSummary {
  name: string;
  semantic: 'numeric' | 'boolean' | 'datetime' | 'categorical' | 'text';
  /** 'feature' | 'target' | 'id' | 'constant' | 'empty' | 'leak' | 'excluded' (free string for forward compatibility). */
  role: string;
  /** Share of missing cells, 0..1. */
  missingShare: number;
  distinct: number;
  /** Why the role was chosen when it is not 'feature'. */
  reason: string | null;
}

export interface ReportPlan {
  summary: string;
  steps: string[];
  assumptions: string[];
}

export interface ReportRevalidation {
  repeats: number;
  folds: number;
  /** In the order they were re-scored; `chosen` marks the final single model (or ensemble members). */
  rows: { learner: string; searchScore: number; freshScore: number; chosen: boolean }[];
}

export interface LeaderboardRow {
  learner: string;
  params: Record<string, ParamValue>;
  /** Mean cross-validation score in the task metric. */
  cvScore: number | null;
  cvStd: number | null;
  /** Seconds to fit (all folds). */
  fitSeconds: number | null;
}

export interface TrialRecord {
  id: number;
  learner: string;
  /** Seconds since the search started, when the trial finished. */
  elapsedSeconds: number;
  /** Score in the task metric; null when the trial failed, was pruned or was cut at its time limit before scoring. */
  score: number | null;
  /**
   * 'timed_out': cut at its time limit before it scored (a trial cut there that scored on what it
   * built is 'ok'). Inputs that mark such trials 'failed' are told apart by the learner rows' counts.
   */
  status: 'ok' | 'failed' | 'pruned' | 'timed_out';
  /** The tune session folder the trial ran in ('tune-1'), whose trial ids restart at 0; absent or null: the run's own search. */
  session?: string | null;
}

export interface ReportEvaluation {
  /** Where the numbers come from, e.g. 'holdout 20% (2,000 rows)'. */
  split: string;
  /** Named metrics on held-out data, the optimised metric first. */
  metrics: { name: string; value: number | null }[];
  classification: ClassificationEval | null;
  regression: RegressionEval | null;
}

export interface ClassificationEval {
  labels: string[];
  /** confusion[actual][predicted], counts; square, labels.length on each side. */
  confusion: number[][];
  perClass: { label: string; precision: number | null; recall: number | null; f1: number | null; support: number }[];
}

export interface RegressionEval {
  /** Same length; the renderer downsamples for the chart. */
  actual: number[];
  predicted: number[];
}

export interface ReportImportance {
  /** e.g. 'permutation (macro_f1 drop, 5 repeats)'. */
  method: string;
  /** Any order; the renderer sorts and keeps the top 20. */
  features: { name: string; importance: number; std: number | null }[];
}

export interface ReportTopTerms {
  /** The linear learners whose weights were read. */
  learners: string[];
  /** Share of the model's weight they hold, 0..1. */
  share: number;
  /** tokens: 'char' | 'word' | 'jieba'; group labels: classes, or 'higher' / 'lower' for regression. */
  columns: { column: string; tokens: string; groups: { label: string; terms: { term: string; weight: number }[] }[] }[];
}

export interface ReportPipeline {
  steps: { name: string; columns: string[]; reason: string }[];
  /** The single model's learner; with an ensemble the renderers name the model from its members instead. */
  learner: string;
  /** The single model's parameters (not shown for an ensemble: each member has its own). */
  params: Record<string, ParamValue>;
  /** Members (one per configuration), weights and parameters when the saved model is an ensemble; null otherwise. */
  ensemble: { learner: string; weight: number; params?: Record<string, ParamValue> | null }[] | null;
  /** Fold models averaged per learner when the final model is bagged; absent or null otherwise. */
  bagFolds?: number | null;
  /** The model is its trial's first-fold model: the final refit on all training rows did not happen (stopped or out of time). */
  firstFold?: boolean | null;
  /** The saved model's own validation score (an ensemble's, not its best member's) and how it was measured; absent or null: unknown. */
  validation?: ReportValidation | null;
}

export interface ReportValidation {
  /** In the task metric (record.json bestScore). */
  score: number | null;
  kind: 'cv' | 'holdout';
  /** Folds of the cross-validation (kind 'cv'). */
  folds: number;
  /** The finalists were re-scored on fresh folds and the final choice made (and scored) there. */
  rescored: boolean;
  /**
   * With an ensemble: the best single configuration's score on the same out-of-fold predictions the
   * ensemble was chosen on (leaderboard.json `ensemble.bestSingleScore`). null: no comparison is
   * known (nothing is said); absent: the renderers take the best fresh score (re-scored finalists)
   * or the leaderboard's best CV score.
   */
  bestSingleScore?: number | null;
  /** The ensemble was chosen on out-of-fold log loss (small data scored by accuracy): its and the best single configuration's. */
  ensembleLogLoss?: { score: number; bestSingleScore: number } | null;
}

export interface ReportRepro {
  seed: number;
  /** The last session's time budget (and trial limit below); earlier sessions' are not recorded. */
  budgetSeconds: number | null;
  maxTrials: number | null;
  /** All sessions added up (as `trials`). */
  wallSeconds: number;
  trials: number;
  /** Search sessions of the run: its own (first run and resumes) plus its tune sessions; absent: 1. */
  sessions?: number;
  askmlVersion: string;
  nodeVersion: string;
  platform: string;
  dataFile: string;
  dataSha256: string;
}
