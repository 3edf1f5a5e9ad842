/** export_model: the run's whole pipeline (features + model/ensemble) as one verified ONNX file. */
import { join } from 'node:path';
import { z } from 'zod';
import { takeRows } from '../src/data/frame.js';
import { loadRunModel } from './common.js';
import { exportPipeline } from '../src/export/export-pipeline.js';
import { getDataset } from '../src/task/datasets.js';
import { loadRunRecord, loadSplit, splitFrames } from '../src/task/runs.js';
import { syncRunTasks } from '../src/task/run-artifacts.js';
import { defineTool } from './define-tool.js';

const TensorSchema = z.object({ name: z.string(), type: z.string() }).strict();

/** Rows the export is verified on. */
export const VERIFY_ROWS = 200;

export const exportModelTool = defineTool({
  name: 'export_model',
  title: 'Export to ONNX',
  description:
    "Export a run's best pipeline (feature steps + model, or the weighted ensemble) as one ONNX file (model.onnx in the run folder), " +
    'verified with onnxruntime on held-out rows before it is written: labels must match and probabilities agree within 1e-5. ' +
    'Inputs are the original columns (text columns as a precomputed TF-IDF vector). Fails with EXPORT_UNSUPPORTED for models that cannot ' +
    'be exported (e.g. knn), with the reason.',
  input: z.object({ run_id: z.string().describe('From search_model') }).strict(),
  output: z
    .object({
      onnx_path: z.string(),
      bytes: z.number().int(),
      inputs: z.array(TensorSchema),
      outputs: z.array(TensorSchema),
      verified: z.object({ rows: z.number().int(), labels_equal: z.boolean(), max_abs_diff: z.number() }).strict(),
    })
    .strict(),
  annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    const { dir, record } = loadRunRecord(ctx.workspaceDir, input.run_id);
    const { manifest, model } = loadRunModel(dir, input.run_id);
    const dataset = getDataset(ctx.workspaceDir, record.datasetId);
    const { train, test } = await splitFrames(ctx.workspaceDir, dataset, loadSplit(dir), ctx.signal);
    const base = test.nRows >= 20 ? test : train;
    const n = Math.min(VERIFY_ROWS, base.nRows);
    const sample = takeRows(base, Int32Array.from({ length: n }, (_, i) => i));
    const members = model.members.map((m) => ({ steps: model.featurePipelines[m.view]!, model: m.model, weight: m.weight }));
    const res = await exportPipeline({
      path: join(dir, 'model.onnx'),
      members,
      sample,
      columns: manifest.schema,
      decisionWeights: model.decisionWeights,
      metadata: {
        'askml.task': model.task,
        'askml.target': model.target,
        'askml.labels': JSON.stringify(model.labels),
        'askml.run_id': record.runId,
        'askml.version': manifest.askmlVersion,
      },
    });
    const v = res.verification;
    syncRunTasks(ctx.workspaceDir, record.runId);
    return {
      onnx_path: res.path,
      bytes: res.bytes,
      inputs: res.inputs,
      outputs: res.outputs,
      verified: { rows: v.rows, labels_equal: v.labelsEqual, max_abs_diff: v.maxAbsDiff },
    };
  },
  summarize(o) {
    return `Exported ${o.onnx_path} (${o.bytes} bytes). Inputs: ${o.inputs.map((i) => `${i.name} ${i.type}`).join(', ')}. Outputs: ${o.outputs.map((i) => i.name).join(', ')}. ` +
      (o.outputs.some((x) => x.name === 'probabilities')
        ? `Verified with onnxruntime on ${o.verified.rows} rows: labels ${o.verified.labels_equal ? 'equal' : 'differ'}, max |probability diff| ${o.verified.max_abs_diff.toExponential(2)}.`
        : `Verified with onnxruntime on ${o.verified.rows} rows: predictions agree within float32 precision (max |diff| ${o.verified.max_abs_diff.toExponential(2)}).`);
  },
});
