/**
 * ONNX export cost of a large forest: extra_trees on letter (16k x 16, 26 classes, fully grown
 * trees), time to build + encode the graph and to verify it with onnxruntime-node, file size,
 * tree node values and peak RSS.
 *
 *   node --import tsx bench/onnx-export.ts [trees=36]
 */
import { benchData } from './gbdt.data.js';
import { getLearner } from '../src/learners/index.js';
import { buildModelOnnx, inProcessPrediction, toFloat32Dense } from '../src/export/export-model.js';
import { assertExportMatches } from '../src/export/verify.js';
const d = benchData('letter');
const m = d.meta;
const X = { kind: 'dense' as const, rows: m.trainRows, cols: m.cols, data: d.xtr };
const trees = Number(process.argv[2] ?? 36);
const fitted = await getLearner('extra_trees').fit(X, { task: m.task, y: d.ytr, nClasses: m.nClasses }, { n_estimators: trees, max_features: 0.25 }, { seed: 0 });
const sample = { kind: 'dense' as const, rows: 500, cols: m.cols, data: d.xte.slice(0, 500 * m.cols) };
let t = performance.now();
const ir = fitted.toExportIR();
console.log('toExportIR', ((performance.now() - t) / 1000).toFixed(2)); t = performance.now();
const built = buildModelOnnx(ir);
console.log('build+encode', ((performance.now() - t) / 1000).toFixed(2), 'bytes', built.bytes.length); t = performance.now();
const expected = inProcessPrediction(fitted, sample);
await assertExportMatches({ onnx: built.bytes, inProcess: expected, inputs: { features: { data: toFloat32Dense(sample), dims: [500, m.cols] } } });
console.log('verify', ((performance.now() - t) / 1000).toFixed(2));
const tv = (ir as { trees: { value: ArrayLike<number>; feature: ArrayLike<number> }[] }).trees.reduce((a, t) => a + t.value.length + 4 * t.feature.length, 0);
console.log('tree values', (tv / 1e6).toFixed(1), 'M; peak rss', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MB');
