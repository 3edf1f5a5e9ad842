/**
 * TrainedModel: what a search produces and what predict / evaluate / export consume. It holds the
 * fitted feature pipeline of each view used, the fitted model(s) (one, or the members of a
 * weighted ensemble), the class labels and the task.
 *
 * Saved JSON (`toJSON()`, read back with `TrainedModel.load(json)`):
 *
 * ```jsonc
 * {
 *   "kind": "askml_model", "version": 1,
 *   "task": "binary" | "multiclass" | "regression",
 *   "target": "survived",              // target column name
 *   "metric": "accuracy",              // metric the search optimised
 *   "labels": ["no", "yes"] | null,    // class index -> label (null for regression)
 *   "inputColumns": ["age", "sex"],    // raw columns predict() reads
 *   "featurePipelines": { "tree": SavedPipeline, "linear": SavedPipeline },  // only views used
 *   "members": [                       // 1 = single model; >1 = weighted average (ensemble)
 *     { "learner": "gbdt", "view": "tree", "weight": 0.6, "params": {...},
 *       "model": SavedModel,           // learner.load(model) restores it
 *       "refit": true,                 // false: a fold model (see "fold"), or the first-fold model
 *                                      //   when the refit did not fit the budget
 *       "fold": 2 }                    // optional; bagging: the model of cv fold 2, one of the k
 *                                      //   fold models of one config, each with weight / k
 *   ],
 *   "runId": "ab12cd34" | null, "validationScore": 0.83 | null, "createdAt": "2026-...",
 *   "decisionWeights": [1, 0.19]       // optional (balanced accuracy, macro-F1): the label is the
 *                                      //   argmax of the probabilities times these (decision.ts)
 * }
 * ```
 *
 * Ensemble semantics (for the ONNX exporter): transform the frame with the member's view
 * pipeline, take the member's probabilities (classification; one-hot of predict when the model
 * has no predictProba) or predictions (regression), and sum them with the member weights
 * (weights sum to 1). The label is the argmax of the averaged probabilities, each class's times
 * its `decisionWeights` entry when the model has them.
 */
import { AskmlError } from '../errors.js';
import type { Frame } from '../data/frame.js';
import { loadPipeline, type FittedPipeline, type SavedPipeline } from '../features/pipeline.js';
import type { FeatureView } from '../features/types.js';
import { loadModel } from '../learners/registry.js';
import type { FittedModel, Matrix, Params, SavedModel, TaskType } from '../learners/types.js';
import { weightedArgmax } from './decision.js';

export interface SavedTrainedModel {
  kind: 'askml_model';
  /** 2 when a member model has a targetTransform (fitted on log(target)): askml before it would ignore the field and predict the log. */
  version: 1 | 2;
  task: TaskType;
  target: string;
  metric: string;
  labels: string[] | null;
  inputColumns: string[];
  featurePipelines: Partial<Record<FeatureView, SavedPipeline>>;
  members: { learner: string; view: FeatureView; weight: number; params: Params; model: SavedModel; refit: boolean; fold?: number }[];
  runId: string | null;
  validationScore: number | null;
  createdAt: string;
  decisionWeights?: number[] | null;
}

export interface ModelMember {
  learner: string;
  view: FeatureView;
  weight: number;
  params: Params;
  model: FittedModel;
  refit: boolean;
  /** Bagging: the model of this cv fold (the config's k fold models share its weight). */
  fold?: number;
}

/** Members of one configuration: one model, or its k bagged fold models. */
export interface MemberGroup {
  learner: string;
  view: FeatureView;
  params: Params;
  /** Summed over the group's models. */
  weight: number;
  /** Models in the group (k when bagged). */
  models: number;
  bagged: boolean;
}

export interface Prediction {
  /** Predicted labels (classification), null for regression. */
  labels: string[] | null;
  /** Class index per row (classification) or predicted value (regression). */
  values: Float64Array;
  /** Row-major rows x nClasses probabilities (classification), null for regression. */
  proba: Float64Array | null;
}

export class TrainedModel {
  readonly task: TaskType;
  readonly target: string;
  readonly metric: string;
  readonly labels: string[] | null;
  readonly featurePipelines: Partial<Record<FeatureView, FittedPipeline>>;
  readonly members: ModelMember[];
  readonly runId: string | null;
  readonly validationScore: number | null;
  readonly createdAt: string;
  /** Per-class multipliers of the probabilities before the argmax (decision.ts), or null: the plain argmax. */
  readonly decisionWeights: number[] | null;

  constructor(o: {
    task: TaskType;
    target: string;
    metric: string;
    labels: string[] | null;
    featurePipelines: Partial<Record<FeatureView, FittedPipeline>>;
    members: ModelMember[];
    runId?: string | null;
    validationScore?: number | null;
    createdAt?: string;
    decisionWeights?: number[] | null;
  }) {
    if (o.members.length === 0) throw new AskmlError('INTERNAL', 'A TrainedModel needs at least one member model.');
    for (const m of o.members) {
      if (!o.featurePipelines[m.view]) throw new AskmlError('INTERNAL', `No feature pipeline for view '${m.view}' of member ${m.learner}.`);
    }
    this.task = o.task;
    this.target = o.target;
    this.metric = o.metric;
    this.labels = o.labels;
    this.featurePipelines = o.featurePipelines;
    this.members = o.members;
    this.runId = o.runId ?? null;
    this.validationScore = o.validationScore ?? null;
    this.createdAt = o.createdAt ?? new Date().toISOString();
    const dw = o.decisionWeights ?? null;
    if (dw && (o.task === 'regression' || dw.length !== (o.labels?.length ?? dw.length) || dw.some((w) => !(w > 0 && Number.isFinite(w))))) {
      throw new AskmlError('PARSE_ERROR', `decisionWeights must hold one positive number per class, got ${JSON.stringify(dw)}.`);
    }
    this.decisionWeights = dw;
  }

  get nClasses(): number {
    return this.task === 'regression' ? 1 : (this.labels?.length ?? this.members[0].model.nClasses);
  }

  /** 'ensemble' when more than one configuration is averaged (bagged fold models of one config are 'single'). */
  get kind(): 'single' | 'ensemble' {
    return this.groups().length > 1 ? 'ensemble' : 'single';
  }

  /** The configurations averaged, each once (its bagged fold models folded into one entry). */
  groups(): MemberGroup[] {
    const out = new Map<string, MemberGroup>();
    for (const m of this.members) {
      const key = JSON.stringify([m.learner, m.view, m.params]);
      const g = out.get(key);
      if (g) {
        g.weight += m.weight;
        g.models++;
        g.bagged ||= m.fold !== undefined;
      } else out.set(key, { learner: m.learner, view: m.view, params: m.params, weight: m.weight, models: 1, bagged: m.fold !== undefined });
    }
    return [...out.values()];
  }

  /** Raw input columns read by predict (union over the pipelines used). */
  get inputColumns(): string[] {
    const set = new Set<string>();
    for (const p of Object.values(this.featurePipelines)) if (p) for (const c of p.inputs) set.add(c);
    return [...set];
  }

  /** Feature matrices of `frame` per view used by the members. */
  features(frame: Frame): Partial<Record<FeatureView, Matrix>> {
    const out: Partial<Record<FeatureView, Matrix>> = {};
    for (const m of this.members) if (!out[m.view]) out[m.view] = this.featurePipelines[m.view]!.transform(frame).matrix;
    return out;
  }

  /** Predictions from precomputed feature matrices (as returned by `features`). */
  predictFeatures(views: Partial<Record<FeatureView, Matrix>>): Prediction {
    const first = views[this.members[0].view]!;
    const rows = first.rows;
    if (this.task === 'regression') {
      const values = new Float64Array(rows);
      for (const m of this.members) {
        const p = m.model.predict(views[m.view]!);
        for (let i = 0; i < rows; i++) values[i] += m.weight * p[i];
      }
      return { labels: null, values, proba: null };
    }
    const k = this.nClasses;
    const proba = new Float64Array(rows * k);
    for (const m of this.members) {
      const X = views[m.view]!;
      if (m.model.predictProba) {
        const p = m.model.predictProba(X);
        for (let i = 0; i < p.length; i++) proba[i] += m.weight * p[i];
      } else {
        const lab = m.model.predict(X);
        for (let i = 0; i < rows; i++) proba[i * k + lab[i]] += m.weight;
      }
    }
    const values = weightedArgmax(proba, k, this.decisionWeights);
    const labels = this.labels ? Array.from(values, (v) => this.labels![v]) : null;
    return { labels, values, proba };
  }

  predict(frame: Frame): Prediction {
    return this.predictFeatures(this.features(frame));
  }

  toJSON(): SavedTrainedModel {
    const featurePipelines: Partial<Record<FeatureView, SavedPipeline>> = {};
    for (const [v, p] of Object.entries(this.featurePipelines)) if (p) featurePipelines[v as FeatureView] = p.toJSON();
    const members = this.members.map((m) => ({ learner: m.learner, view: m.view, weight: m.weight, params: m.params, model: m.model.toJSON(), refit: m.refit, ...(m.fold === undefined ? {} : { fold: m.fold }) }));
    return {
      kind: 'askml_model',
      version: members.some((m) => m.model.targetTransform !== undefined) ? 2 : 1,
      task: this.task,
      target: this.target,
      metric: this.metric,
      labels: this.labels,
      inputColumns: this.inputColumns,
      featurePipelines,
      members,
      runId: this.runId,
      validationScore: this.validationScore,
      createdAt: this.createdAt,
      ...(this.decisionWeights ? { decisionWeights: this.decisionWeights } : {}),
    };
  }

  /**
   * A model from its saved JSON. `file` (the model.json it was read from) names the source in the
   * errors: VERSION_MISMATCH for JSON that is not askml's model, PARSE_ERROR for one with fields
   * missing or of the wrong shape (hand-edited, replaced by `{}` ...).
   */
  static load(saved: SavedTrainedModel, file?: string): TrainedModel {
    const source = file === undefined ? 'The saved model' : `'${file}'`;
    if (saved?.kind !== 'askml_model') {
      const kind = (saved as { kind?: unknown } | null)?.kind;
      throw new AskmlError('VERSION_MISMATCH', `${source} is not a saved askml model: ${kind === undefined ? 'it has no "kind": "askml_model" field' : `its "kind" is '${String(kind)}', not "askml_model"`}.`, {
        ...(file === undefined ? {} : { path: file }),
        hint: 'The model/ folder of a run holds model.json as askml wrote it; retrain (askml search) if it was edited or replaced.',
      });
    }
    if (saved.version !== 1 && saved.version !== 2) throw new AskmlError('VERSION_MISMATCH', `Saved model version ${String(saved.version)}; this askml reads versions 1 and 2.`);
    try {
      return TrainedModel.fromSaved(saved);
    } catch (e) {
      if (e instanceof AskmlError) throw e;
      throw new AskmlError('PARSE_ERROR', `${source} is damaged: ${(e as Error).message}.`, {
        ...(file === undefined ? {} : { path: file }),
        hint: 'Retrain the model (askml search) or restore model.json from the run folder it came from.',
      });
    }
  }

  private static fromSaved(saved: SavedTrainedModel): TrainedModel {
    const featurePipelines: Partial<Record<FeatureView, FittedPipeline>> = {};
    for (const [v, p] of Object.entries(saved.featurePipelines)) if (p) featurePipelines[v as FeatureView] = loadPipeline(p);
    return new TrainedModel({
      task: saved.task,
      target: saved.target,
      metric: saved.metric,
      labels: saved.labels,
      featurePipelines,
      members: saved.members.map((m) => ({ learner: m.learner, view: m.view, weight: m.weight, params: m.params, model: loadModel(m.model), refit: m.refit, ...(m.fold === undefined ? {} : { fold: m.fold }) })),
      runId: saved.runId,
      validationScore: saved.validationScore,
      createdAt: saved.createdAt,
      decisionWeights: saved.decisionWeights ?? null,
    });
  }
}
