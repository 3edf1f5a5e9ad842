/**
 * ONNX export: the public surface. See README.md in this folder for inputs, outputs and limits.
 */
export type { ModelIR, ExportIR, TreeEnsembleIR, LinearIR, EnsembleIR } from './ir.js';
export { exportModel, buildModelOnnx, type ExportResult, type TensorSpec, type ExportModelOptions } from './export-model.js';
export { exportPipeline, pipelineFeed, feedForExported, type ExportPipelineOptions, type PipelineMember } from './export-pipeline.js';
export { buildPipelineGraph, planInputs, type PlannedInput } from './pipeline-graph.js';
export { verifyExport, assertExportMatches, PROBA_TOLERANCE, type VerifyResult, type InProcessPrediction } from './verify.js';
export { scoreOnnx, onnxSession, clearOnnxSessions, type OnnxFeed, type OnnxScores } from './onnx-runtime.js';
export { EXPORTABLE_STEPS } from './step-converters.js';
export { ONNX_OPSET, ONNX_ML_OPSET, ONNX_IR_VERSION } from './onnx-writer.js';
