/**
 * The automatic feature plan: per-column rules with reasons, derived from the profile's
 * ColumnInfo and the caller's explicit choices, for one of the two views.
 *
 * linear view                                   tree view
 *   numeric  median impute (+ indicator when      raw values, NaN kept
 *            missing), log1p if skewed >= 0,
 *            standardised
 *   categ.   one-hot (<= 100 levels; min count   ordinal codes (<= 64 levels); otherwise
 *            2 or 5; else top 50) + __other__     out-of-fold target encoding + frequency
 *   datetime parts, median-imputed, standardised  parts, NaN kept
 *   text     TF-IDF (zh: char 1-3 gram + jieba   compact TF-IDF: same analyzer (zh: char only),
 *            word unigrams, en: word 1-2 gram;   at most 2000 - 8 x (other columns) terms in
 *            sublinear, min_df 2)                all (256 when text dominates; CSR; dense-only
 *                                                 learners get it densified)
 *
 * Several text columns (spam subject + body) get one vectoriser each, so each column keeps its
 * own vocabulary and idf; the blocks are concatenated and names are prefixed 'column:tfidf:'.
 * Columns whose role is id, constant, empty or leak are dropped with the profiler's reason.
 */
import { AskmlError, unknownName } from '../errors.js';
import type { ColumnInfo } from '../data/column-info.js';
import { findColumn, type Frame } from '../data/frame.js';
import { FrequencyEncoder, OneHotEncoder, OrdinalEncoder, type CategoryOptions } from './categorical.js';
import { DatetimeTransformer, type DatetimeOptions } from './datetime.js';
import { NumericTransformer, type NumericOptions } from './numeric.js';
import { Pipeline, type DroppedColumn, type FittedPipeline } from './pipeline.js';
import { TargetEncoder, type TargetEncoderOptions } from './target-encoding.js';
import { TfidfVectorizer, describeTfidf, type TfidfOptions } from './text/tfidf.js';
import type { FeatureView, FitContext, Transformer } from './types.js';
import { effectOrders } from './category-order.js';
import type { Target } from '../learners/types.js';

export type StepSpec =
  | { kind: 'numeric'; options: NumericOptions }
  | { kind: 'one_hot'; options: CategoryOptions }
  | { kind: 'ordinal'; options: CategoryOptions }
  | { kind: 'frequency'; options: CategoryOptions }
  | { kind: 'target_encoder'; options: TargetEncoderOptions }
  | { kind: 'datetime_parts'; options: DatetimeOptions }
  | { kind: 'tfidf'; options: TfidfOptions };

export type Treatment = 'numeric' | 'categorical' | 'datetime' | 'text';

export interface ColumnRule {
  column: string;
  treatment: Treatment;
  steps: StepSpec[];
  reason: string;
}

export interface FeaturePlan {
  view: FeatureView;
  target: string;
  rules: ColumnRule[];
  dropped: DroppedColumn[];
}

export interface PlanOptions {
  target: string;
  exclude?: string[];
  /** Force these columns to be treated as categorical. */
  categorical?: string[];
  text?: { columns?: string[]; analyzer?: 'char' | 'word' | 'auto'; ngram?: [number, number] };
  view: FeatureView;
  nRows: number;
  /** Tree view: TF-IDF terms over all text columns (default TREE_TEXT_FEATURES - 8 x other columns). */
  treeTextFeatures?: number;
}

/** Chinese char n-gram range, chosen on thucnews (bench/RESULTS.md, "Text features"). */
export const ZH_CHAR_NGRAM: [number, number] = [1, 3];
export const EN_WORD_NGRAM: [number, number] = [1, 2];
/** Chinese word (jieba) n-grams added beside the char n-grams in the linear view. */
export const ZH_WORD_NGRAM: [number, number] = [1, 1];
export const TREE_TEXT_FEATURES = 2000;
/** Tree view text terms when text dominates the data (tree learners rarely win there). */
export const TREE_TEXT_FEATURES_TEXT_HEAVY = 256;
export const ORDINAL_MAX_LEVELS = 64;
export const ONE_HOT_MAX_LEVELS = 100;

/**
 * A plan with no feature column left: name what removed each column. `field`: the argument that
 * excluded columns (engineer_features' exclude_columns); absent for a search that planned its own
 * features, whose hint then says what askml drops and why.
 */
export function noFeatureLeft(dropped: DroppedColumn[], excluded: readonly string[], target: string, field?: string): AskmlError {
  const byRequest = dropped.filter((d) => excluded.includes(d.column)).map((d) => d.column);
  const other = dropped.filter((d) => !excluded.includes(d.column));
  const why = [
    byRequest.length > 0 ? `${field ? `${field} removes` : 'the exclusions remove'} ${byRequest.map((c) => `'${c}'`).join(', ')}` : '',
    other.length > 0 ? `dropped: ${other.map((d) => `${d.column} (${d.reason})`).join(', ')}` : '',
  ].filter(Boolean).join('; ');
  const hint =
    byRequest.length > 0
      ? field
        ? `Keep at least one of the excluded columns (remove it from ${field}), or pass ${field} null.`
        : 'Keep at least one of the excluded columns.'
      : field
        ? 'List a dropped column in categorical_columns or text_columns to use it anyway.'
        : 'askml does not learn from row ids (a distinct integer or code per row), constant or empty columns, or a column that gives the target away; add columns that describe each row.';
  return new AskmlError('BAD_ARGUMENT', `No feature column is left to learn '${target}' from (columns left: none): ${why || 'the data has no column besides the target'}.`, {
    hint,
    // The columns an engineer_features call could bring back; a search has no argument for that.
    ...(field ? { field, choices: [...byRequest, ...other.map((d) => d.column)] } : {}),
  });
}

export function planFeatures(columns: ColumnInfo[], options: PlanOptions): FeaturePlan {
  const names = columns.map((c) => c.name);
  const check = (list: string[] | undefined, what: string) => {
    for (const n of list ?? []) if (!names.includes(n)) throw unknownName('COLUMN_NOT_FOUND', `${what} column`, n, names);
  };
  if (!names.includes(options.target)) throw unknownName('COLUMN_NOT_FOUND', 'Target column', options.target, names);
  check(options.exclude, 'Excluded');
  check(options.categorical, 'Categorical');
  check(options.text?.columns, 'Text');
  const exclude = new Set(options.exclude ?? []);
  const forceCat = new Set(options.categorical ?? []);
  const forceText = new Set(options.text?.columns ?? []);
  const { view, nRows } = options;
  const rules: ColumnRule[] = [];
  const dropped: DroppedColumn[] = [];
  const textCols: ColumnInfo[] = [];

  for (const c of columns) {
    if (c.name === options.target) continue;
    if (exclude.has(c.name)) { dropped.push({ column: c.name, reason: 'excluded by request', ...(c.role === 'id' ? { id: true as const } : {}) }); continue; }
    const forced = forceCat.has(c.name) || forceText.has(c.name);
    if (c.role !== 'feature' && c.role !== 'target' && !forced) {
      dropped.push({ column: c.name, reason: `${c.role}${c.reason ? `: ${c.reason}` : ''}` });
      continue;
    }
    const kind: Treatment = forceText.has(c.name) ? 'text' : forceCat.has(c.name) ? 'categorical' : c.semantic === 'boolean' ? 'numeric' : c.semantic;
    if (kind === 'text') textCols.push(c);
    else if (kind === 'numeric') rules.push(numericRule(c, view, nRows));
    else if (kind === 'categorical') rules.push(categoricalRule(c, view, nRows, forceCat.has(c.name) && c.semantic !== 'categorical'));
    else rules.push(datetimeRule(c, view));
  }
  // Tree view: keep the whole matrix within TREE_TEXT_FEATURES columns (the search densifies
  // sparse input for dense-only learners only up to 2000 columns); ~8 per non-text column.
  const textBudget = options.treeTextFeatures ?? Math.max(200, TREE_TEXT_FEATURES - 8 * rules.length);
  for (const c of textCols) rules.push(textRule(c, view, nRows, Math.floor(textBudget / textCols.length), options.text));
  return { view, target: options.target, rules, dropped };
}

/**
 * Text-dominated: the plan has text columns and at most 2 other feature columns, or text columns
 * are at least half of them (news titles, emails). The search then starts with the linear
 * learners and gives tree learners a small text view.
 */
export function textDominated(plan: FeaturePlan): boolean {
  const text = plan.rules.filter((r) => r.treatment === 'text').length;
  const other = plan.rules.length - text;
  return text > 0 && (other <= 2 || text >= other);
}

/** Fewest training rows a one-hot category, or a missing-value indicator, is learned from. */
function minCount(nRows: number): number {
  return nRows >= 5000 ? 5 : 2;
}

function numericRule(c: ColumnInfo, view: FeatureView, nRows: number): ColumnRule {
  if (view === 'tree') {
    return { column: c.name, treatment: 'numeric', reason: `${c.name}: numeric, raw values (missing kept as NaN)`,
      steps: [{ kind: 'numeric', options: { columns: [c.name], impute: 'none', indicator: false, scale: false, log1p: false } }] };
  }
  const boolean = c.semantic === 'boolean';
  const minMissing = minCount(nRows);
  const ind = Math.round(c.missingShare * nRows) >= minMissing ? ' + missing indicator' : '';
  const reason = `${c.name}: ${c.semantic} -> median impute${ind}${boolean ? '' : ', log1p if skewed'}, standardised`;
  return { column: c.name, treatment: 'numeric', reason,
    steps: [{ kind: 'numeric', options: { columns: [c.name], impute: 'median', indicator: 'auto', minMissing, scale: true, log1p: boolean ? false : 'auto', reason } }] };
}

function categoricalRule(c: ColumnInfo, view: FeatureView, nRows: number, forced: boolean): ColumnRule {
  // Listed in categorical_columns (by the plan, the user or an agent), though its values are numbers or many.
  const why = forced ? ' (listed as categorical)' : '';
  if (view === 'tree') {
    if (c.distinct <= ORDINAL_MAX_LEVELS) {
      const reason = `${c.name}: ${c.distinct} categories${why} -> ordinal codes ordered by each category's effect on the target, other columns held fixed (by frequency without a target; unseen -> other code, missing -> NaN)`;
      return { column: c.name, treatment: 'categorical', reason, steps: [{ kind: 'ordinal', options: { column: c.name, reason } }] };
    }
    const reason = `${c.name}: ${c.distinct} categories${why} -> out-of-fold target encoding + frequency`;
    return { column: c.name, treatment: 'categorical', reason, steps: [
      { kind: 'target_encoder', options: { column: c.name, smoothing: 10, folds: 5, reason: `${c.name}: out-of-fold target encoding (5 folds, smoothing 10)` } },
      { kind: 'frequency', options: { column: c.name } },
    ] };
  }
  const minFrequency = minCount(nRows);
  const max = c.distinct <= ONE_HOT_MAX_LEVELS ? ONE_HOT_MAX_LEVELS : 50;
  const reason = `${c.name}: ${c.distinct} categories${why} -> one-hot (min count ${minFrequency}, at most ${max}; rare/unseen -> __other__)`;
  return { column: c.name, treatment: 'categorical', reason, steps: [{ kind: 'one_hot', options: { column: c.name, minFrequency, maxCategories: max, reason } }] };
}

function datetimeRule(c: ColumnInfo, view: FeatureView): ColumnRule {
  const scale = view === 'linear';
  const reason = `${c.name}: datetime -> year, month, day of week, hour (if timed), weekend, days since training start${scale ? ', imputed and standardised' : ''}`;
  return { column: c.name, treatment: 'datetime', reason, steps: [{ kind: 'datetime_parts', options: { column: c.name, scale, reason } }] };
}

function textRule(c: ColumnInfo, view: FeatureView, nRows: number, treeTerms: number, t: PlanOptions['text']): ColumnRule {
  const want = t?.analyzer ?? 'auto';
  const zh = c.lang === 'zh';
  const analyzer = want === 'char' ? 'char' : want === 'word' ? (zh ? 'jieba' : 'word') : zh || c.lang === 'other' ? 'char' : 'word';
  const ngram: [number, number] = t?.ngram ?? (analyzer === 'char' ? (zh ? ZH_CHAR_NGRAM : [1, 3]) : analyzer === 'jieba' ? [1, 1] : EN_WORD_NGRAM);
  if (analyzer === 'char' && ngram[1] > 5) throw new AskmlError('BAD_ARGUMENT', `Char n-grams above 5 are not supported (asked ${ngram[1]}).`, { hint: 'Use ngram [1, 3].' });
  const minDf = nRows >= 200 ? 2 : 1;
  const maxFeatures = view === 'tree' ? Math.max(50, treeTerms) : analyzer === 'char' ? null : 200_000;
  const options: TfidfOptions = { column: c.name, analyzer, ngram, minDf, maxDf: 1, maxFeatures, sublinearTf: true, norm: 'l2', smoothIdf: true };
  const lang = c.lang ? `${c.lang} ` : '';
  const reason = describeTfidf({ ...options, analyzer, ngram, sublinearTf: true, minDf, maxFeatures }).replace(': text', `: ${lang}text`);
  options.reason = reason;
  const steps: StepSpec[] = [{ kind: 'tfidf', options }];
  // Chinese, linear view, automatic choice: jieba word unigrams beside the char n-grams
  // (thucnews: linear_svm + naive_bayes ensemble 0.8794 -> 0.8824 test macro-F1).
  if (view === 'linear' && zh && want === 'auto' && !t?.ngram) {
    const words: TfidfOptions = { ...options, analyzer: 'jieba', ngram: ZH_WORD_NGRAM, maxFeatures: 200_000 };
    words.reason = describeTfidf({ ...words, analyzer: 'jieba', ngram: ZH_WORD_NGRAM, sublinearTf: true, minDf, maxFeatures: 200_000 }).replace(': text', `: ${lang}text`);
    steps.push({ kind: 'tfidf', options: words });
    return { column: c.name, treatment: 'text', reason: `${reason}; + jieba word unigram TF-IDF`, steps };
  }
  return { column: c.name, treatment: 'text', reason, steps };
}

export function makeTransformer(s: StepSpec): Transformer {
  switch (s.kind) {
    case 'numeric': return new NumericTransformer(s.options);
    case 'one_hot': return new OneHotEncoder(s.options);
    case 'ordinal': return new OrdinalEncoder(s.options);
    case 'frequency': return new FrequencyEncoder(s.options);
    case 'target_encoder': return new TargetEncoder(s.options);
    case 'datetime_parts': return new DatetimeTransformer(s.options);
    case 'tfidf': return new TfidfVectorizer(s.options);
  }
}

/**
 * The tree view's ordinal steps with their codes in effect order (category-order.ts); steps whose
 * column could not be ordered keep codes by frequency. The fitted step's reason names the order.
 */
function withEffectOrders(specs: StepSpec[], frame: Frame, target: Target): StepSpec[] {
  const categorical = specs.flatMap((s) => (s.kind === 'ordinal' ? [s.options.column] : []));
  if (categorical.length === 0) return specs;
  const numeric = specs.flatMap((s) => (s.kind === 'numeric' ? s.options.columns : []));
  const orders = effectOrders(frame, { categorical, numeric }, target);
  return specs.map((s) => {
    if (s.kind !== 'ordinal') return s;
    const col = s.options.column;
    const order = orders.get(col);
    if (!order) return { kind: 'ordinal', options: { ...s.options, reason: `${col}: ordinal codes by frequency (unseen -> other code, missing -> NaN)` } };
    const shown = order.length <= 8 ? order.join(' < ') : `${order.slice(0, 4).join(' < ')} < ... < ${order.slice(-2).join(' < ')}`;
    const reason = `${col}: ordinal codes in order of the category's effect on the target, other columns held fixed: ${shown} (unseen -> other code, missing -> NaN)`;
    return { kind: 'ordinal', options: { ...s.options, order, reason } };
  });
}

/** Fit the plan's steps on `frame` (training rows only). The result's `train` holds their features. */
export async function fitPipeline(plan: FeaturePlan, frame: Frame, ctx: FitContext): Promise<FittedPipeline> {
  const needed = plan.rules.map((r) => r.column);
  const missing = needed.filter((n) => !findColumn(frame, n));
  if (missing.length) {
    throw new AskmlError('COLUMN_NOT_FOUND', `The feature plan uses column(s) ${missing.map((m) => `'${m}'`).join(', ')} that the data does not have.`, {
      choices: frame.columns.map((c) => c.name), missing,
    });
  }
  let specs = plan.rules.flatMap((r) => r.steps);
  if (plan.view === 'tree' && ctx.target) specs = withEffectOrders(specs, frame, ctx.target);
  const steps = specs.map(makeTransformer);
  return new Pipeline(steps, { view: plan.view, target: plan.target, dropped: plan.dropped }).fit(frame, ctx);
}
