/**
 * Model IR -> ONNX nodes. Each converter reads a float feature tensor [N, nFeatures] and yields
 * either class probabilities [N, nClasses] or a regression prediction [N, 1]. The probabilities
 * are computed with plain ai.onnx ops (Sigmoid, Softmax, Concat), never ZipMap, so that every
 * runtime (including onnxruntime-node, which cannot return maps) reads plain tensors.
 */
import { AskmlError } from '../errors.js';
import type { EnsembleIR, LinearIR, ModelIR, PostTransform, TreeEnsembleIR } from './ir.js';
import { attr, type GraphBuilder } from './graph.js';

export type ModelOutput =
  | { kind: 'classification'; probabilities: string; nClasses: number }
  | { kind: 'regression'; prediction: string };

/** A feature tensor [N, nFeatures] and its element type. */
export interface FeatureTensor {
  name: string;
  type: 'float' | 'double';
}

/** `features` as `type`, casting when needed. */
function as(g: GraphBuilder, features: FeatureTensor, type: 'float' | 'double'): string {
  return features.type === type ? features.name : g.op('Cast', [features.name], { to: attr.int(type === 'float' ? 1 : 11) });
}

/** A constant of the given element type. */
function num(g: GraphBuilder, hint: string, data: ArrayLike<number>, type: 'float' | 'double', dims: number[] = [data.length]): string {
  return g.constant(hint, { type, dims, data });
}

/**
 * Add `ir` to the graph reading `features`. Trees read float32 (the IR's split rule); linear
 * models compute in double (as askml does in-process, so large coefficients do not lose
 * precision) and cast their outputs to float. Outputs are float.
 */
export function addModel(g: GraphBuilder, ir: ModelIR, features: FeatureTensor): ModelOutput {
  switch (ir.kind) {
    case 'trees':
      return finishScores(g, ir, treeScores(g, ir, as(g, features, 'float')), 'float');
    case 'linear':
      return finishScores(g, ir, linearScores(g, ir, as(g, features, 'double')), 'double');
    case 'ensemble':
      return addEnsemble(g, ir, features);
    case 'log_target': {
      // exp(clip(inner)), as LogTargetModel.predict (the bounds keep an extrapolation finite). A
      // linear inner model stays in double through Exp: float32 rounding of the log would be
      // magnified by Exp (1e-6 relative instead of 1e-7).
      if (ir.inner.kind === 'linear' && ir.inner.task === 'regression' && ir.inner.post === 'none') {
        const scores = linearScores(g, ir.inner, as(g, features, 'double'));
        const clipped = g.op('Clip', [scores, num(g, 'log_lo', [ir.lo], 'double', []), num(g, 'log_hi', [ir.hi], 'double', [])]);
        return { kind: 'regression', prediction: g.op('Cast', [g.op('Exp', [clipped])], { to: attr.int(1) }) };
      }
      const inner = addModel(g, ir.inner, features);
      if (inner.kind !== 'regression') throw new AskmlError('EXPORT_UNSUPPORTED', 'A log-target model must be a regression model.');
      const clipped = g.op('Clip', [inner.prediction, g.floats('log_lo', [ir.lo], []), g.floats('log_hi', [ir.hi], [])]);
      return { kind: 'regression', prediction: g.op('Exp', [clipped]) };
    }
    default:
      throw new AskmlError(
        'EXPORT_UNSUPPORTED',
        `Model IR kind '${(ir as { kind: string }).kind}' cannot be exported to ONNX.`,
        { choices: ['trees', 'linear', 'ensemble', 'log_target'] },
      );
  }
}

function checkShape(ir: TreeEnsembleIR | LinearIR): void {
  const expected = ir.task === 'regression' ? 1 : ir.task === 'binary' ? [1, 2] : [ir.nClasses];
  const ok = Array.isArray(expected) ? expected.includes(ir.nOutputs) : ir.nOutputs === expected;
  if (!ok || (ir.task !== 'regression' && ir.nClasses < 2)) {
    throw new AskmlError(
      'EXPORT_UNSUPPORTED',
      `A ${ir.task} ${ir.kind} model with ${ir.nOutputs} outputs and ${ir.nClasses} classes is not a shape the ONNX export knows.`,
      { hint: 'binary: 1 or 2 outputs; multiclass: one output per class; regression: 1 output.' },
    );
  }
}

/** Raw scores [N, nOutputs] of a tree ensemble with TreeEnsembleRegressor (ai.onnx.ml v3). */
function treeScores(g: GraphBuilder, ir: TreeEnsembleIR, features: string): string {
  checkShape(ir);
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const values: number[] = [];
  const modes: string[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const tTree: number[] = [];
  const tNode: number[] = [];
  const tId: number[] = [];
  const tWeight: number[] = [];
  ir.trees.forEach((tree, t) => {
    const n = tree.left.length;
    const per = tree.nOutputs;
    const target = ir.treeOutput ? ir.treeOutput[t] : -1;
    if (ir.treeOutput && per !== 1) {
      throw new AskmlError('EXPORT_UNSUPPORTED', `Tree ${t} has ${per} outputs but treeOutput routes it to one output.`);
    }
    if (!ir.treeOutput && per !== ir.nOutputs) {
      throw new AskmlError('EXPORT_UNSUPPORTED', `Tree ${t} has ${per} outputs, the ensemble ${ir.nOutputs}.`);
    }
    for (let i = 0; i < n; i++) {
      treeIds.push(t);
      nodeIds.push(i);
      if (tree.left[i] < 0) {
        featureIds.push(0);
        values.push(0);
        modes.push('LEAF');
        trueIds.push(0);
        falseIds.push(0);
        missingTrue.push(0);
        for (let k = 0; k < per; k++) {
          tTree.push(t);
          tNode.push(i);
          tId.push(target >= 0 ? target : k);
          tWeight.push(tree.value[i * per + k]);
        }
      } else {
        const f = tree.feature[i];
        if (f < 0 || f >= ir.nFeatures) {
          throw new AskmlError('EXPORT_UNSUPPORTED', `Tree ${t} node ${i} splits on feature ${f}, outside 0..${ir.nFeatures - 1}.`);
        }
        featureIds.push(f);
        values.push(splitThreshold(tree.threshold[i]));
        modes.push('BRANCH_LEQ');
        trueIds.push(tree.left[i]);
        falseIds.push(tree.right[i]);
        missingTrue.push(tree.missingLeft[i] ? 1 : 0);
      }
    }
  });
  if (ir.base.length !== ir.nOutputs && ir.base.length !== 0) {
    throw new AskmlError('EXPORT_UNSUPPORTED', `Tree ensemble has ${ir.base.length} base values for ${ir.nOutputs} outputs.`);
  }
  return g.mlOp('TreeEnsembleRegressor', [features], {
    n_targets: attr.int(ir.nOutputs),
    aggregate_function: attr.string(ir.aggregate === 'average' ? 'AVERAGE' : 'SUM'),
    post_transform: attr.string('NONE'),
    base_values: attr.floats(ir.base.length === ir.nOutputs ? ir.base : new Float64Array(ir.nOutputs)),
    nodes_treeids: attr.ints(treeIds),
    nodes_nodeids: attr.ints(nodeIds),
    nodes_featureids: attr.ints(featureIds),
    nodes_values: attr.floats(values),
    nodes_modes: attr.strings(modes),
    nodes_truenodeids: attr.ints(trueIds),
    nodes_falsenodeids: attr.ints(falseIds),
    nodes_missing_value_tracks_true: attr.ints(missingTrue),
    target_treeids: attr.ints(tTree),
    target_nodeids: attr.ints(tNode),
    target_ids: attr.ints(tId),
    target_weights: attr.floats(tWeight),
  });
}

/**
 * The float32 threshold ONNX compares against. The IR contract says splits compare as float32,
 * so x <= t becomes fround(x) <= fround(t); +-Infinity and huge values survive as +-Infinity.
 */
export function splitThreshold(t: number): number {
  return Math.fround(t);
}

/** Raw scores [N, nOutputs] = X * coef^T + intercept, in double. */
function linearScores(g: GraphBuilder, ir: LinearIR, features: string): string {
  checkShape(ir);
  const { nFeatures: d, nOutputs: k } = ir;
  if (ir.coef.length !== d * k || ir.intercept.length !== k) {
    throw new AskmlError('EXPORT_UNSUPPORTED', `Linear IR has ${ir.coef.length} coefficients and ${ir.intercept.length} intercepts; expected ${d * k} and ${k}.`);
  }
  const coefT = new Float64Array(d * k);
  for (let o = 0; o < k; o++) for (let j = 0; j < d; j++) coefT[j * k + o] = ir.coef[o * d + j];
  const w = num(g, 'coef', coefT, 'double', [d, k]);
  const b = num(g, 'intercept', ir.intercept, 'double', [k]);
  return g.op('Add', [g.op('MatMul', [features, w]), b]);
}

/** Apply the post transform (in `type`); for binary single-output models build [1 - p1, p1]. Output float. */
function finishScores(g: GraphBuilder, ir: TreeEnsembleIR | LinearIR, scores: string, type: 'float' | 'double'): ModelOutput {
  const toFloat = (v: string) => (type === 'float' ? v : g.op('Cast', [v], { to: attr.int(1) }));
  if (ir.task === 'regression') {
    if (ir.post !== 'none') throw new AskmlError('EXPORT_UNSUPPORTED', `Regression with post transform '${ir.post}' is not exportable.`);
    return { kind: 'regression', prediction: toFloat(scores) };
  }
  if (ir.task === 'binary' && ir.nOutputs === 1) {
    const p1 = post(g, ir.post, scores, true, type);
    const p0 = g.op('Sub', [num(g, 'one', [1], type), p1]);
    const probabilities = g.op('Concat', [p0, p1], { axis: attr.int(1) });
    return { kind: 'classification', probabilities: toFloat(probabilities), nClasses: 2 };
  }
  return { kind: 'classification', probabilities: toFloat(post(g, ir.post, scores, false, type)), nClasses: ir.nClasses };
}

function post(g: GraphBuilder, p: PostTransform, scores: string, single: boolean, type: 'float' | 'double'): string {
  switch (p) {
    case 'none':
      return scores;
    case 'logistic':
      return g.op('Sigmoid', [scores]);
    case 'softmax':
      if (single) throw new AskmlError('EXPORT_UNSUPPORTED', 'Softmax over a single binary score is not a probability.');
      return g.op('Softmax', [scores], { axis: attr.int(-1) });
    case 'normalize': {
      if (single) return scores;
      const axes = g.int64s('axes', [1]);
      const total = g.op('ReduceSum', [scores, axes], { keepdims: attr.int(1) });
      // as ir-eval: rows whose scores sum to <= 0 are left as they are
      const safe = g.op('Where', [g.op('Greater', [total, num(g, 'zero', [0], type)]), total, num(g, 'one', [1], type)]);
      return g.op('Div', [scores, safe]);
    }
  }
}

/** Weighted average of member probabilities (or predictions), weights normalised to sum 1. */
function addEnsemble(g: GraphBuilder, ir: EnsembleIR, features: FeatureTensor): ModelOutput {
  const members = ir.members.filter((m) => m.weight > 0);
  if (members.length === 0) throw new AskmlError('EXPORT_UNSUPPORTED', 'The ensemble has no member with a positive weight.');
  const total = members.reduce((s, m) => s + m.weight, 0);
  const parts: string[] = [];
  for (const m of members) {
    if (m.model.nFeatures !== ir.nFeatures) {
      throw new AskmlError('EXPORT_UNSUPPORTED', `Ensemble member reads ${m.model.nFeatures} features, the ensemble ${ir.nFeatures}; members with different feature pipelines go through exportPipeline({ members }).`);
    }
    const out = addModel(g, m.model, features);
    parts.push(g.op('Mul', [outputTensor(out), g.floats('weight', [m.weight / total], [1])]));
  }
  const sum = parts.length === 1 ? parts[0] : g.op('Sum', parts);
  return ir.task === 'regression'
    ? { kind: 'regression', prediction: sum }
    : { kind: 'classification', probabilities: sum, nClasses: ir.nClasses };
}

export function outputTensor(out: ModelOutput): string {
  return out.kind === 'classification' ? out.probabilities : out.prediction;
}

/**
 * Name the final outputs: classification -> `label` int64 [N] (argmax, first index on ties; of the
 * probabilities times `decisionWeights` when given) and `probabilities` float [N, nClasses];
 * regression -> `label` float [N].
 * Call `g.reserve('label')` and `g.reserve('probabilities')` before adding any node.
 */
export function addFinalOutputs(g: GraphBuilder, out: ModelOutput, decisionWeights: readonly number[] | null = null): { name: string; type: string }[] {
  if (out.kind === 'classification') {
    g.node('Identity', [out.probabilities], {}, { outputs: ['probabilities'] });
    const scores = decisionWeights ? g.op('Mul', [out.probabilities, g.floats('decision_weights', [...decisionWeights], [1, decisionWeights.length])]) : out.probabilities;
    g.node('ArgMax', [scores], { axis: attr.int(1), keepdims: attr.int(0) }, { outputs: ['label'] });
    g.addOutput('label', 'int64', [null]);
    g.addOutput('probabilities', 'float', [null, out.nClasses]);
    return [
      { name: 'label', type: 'int64[N]' },
      { name: 'probabilities', type: `float[N,${out.nClasses}]` },
    ];
  }
  const shape = g.int64s('shape', [-1]);
  g.node('Reshape', [out.prediction, shape], {}, { outputs: ['label'] });
  g.addOutput('label', 'float', [null]);
  return [{ name: 'label', type: 'float[N]' }];
}
