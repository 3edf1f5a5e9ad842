import { describe, expect, it } from 'vitest';
import type { Plan } from '../agent/plan.js';
import { taskResultOf } from './task-result.js';

describe('taskResultOf', () => {
  it('carries how the data was read and the evaluation notes (test rows left out) before the search notes', () => {
    const search = {
      run_id: 'run_20261206120000_abcdef',
      task: 'binary',
      metric: 'accuracy',
      leaderboard: [{ rank: 1, learner: 'gbdt', score: 0.8, params: [], fitSeconds: 0.1 }],
      learners: [],
      best: { rank: 1, learner: 'gbdt', score: 0.8, params: [], fitSeconds: 0.1 },
      finalModel: { kind: 'single', learners: ['gbdt'], validationScore: 0.8 },
      model_path: '/tmp/m',
      notes: ['Every learner converged.'],
    };
    const evaluate = { test_metrics: { accuracy: 0.75 }, test_score: 0.75, validation_score: 0.8, evaluation: { notes: ['3 test rows have a class the model never saw in training and were left out.'] } };
    const profile_data = { dataset_id: 'ds_1', profile: { warnings: [{ code: 'missing_marker', message: "Column 'region': 2 'NA' ..." }, { code: 'imbalance', message: 'Classes are imbalanced.' }] } };
    const r = taskResultOf({ taskId: 'task_20261206120000_abcdef', plan: { task_type: 'binary', metric: 'accuracy' } as unknown as Plan, outputs: { profile_data, search_model: search, evaluate }, steps: [], wallSeconds: 1, cancelled: false });
    expect(r.notes).toEqual([
      "Data: Column 'region': 2 'NA' ...",
      'Test metrics: 3 test rows have a class the model never saw in training and were left out.',
      'Every learner converged.',
    ]);
  });
});

describe('taskResultOf after a tune that replaced the model', () => {
  it('does not report the evaluation, ONNX file or report made from the old model', () => {
    const search = {
      run_id: 'run_20261206120000_abcdef', task: 'binary', metric: 'accuracy', leaderboard: [], learners: [],
      best: { rank: 1, learner: 'gbdt', score: 0.8, params: [], fitSeconds: 0.1 },
      finalModel: { kind: 'single', learners: ['gbdt'], validationScore: 0.8 }, model_path: '/tmp/m', notes: [],
    };
    const tune = { ...search, finalModel: { kind: 'single', learners: ['ridge'], validationScore: 0.9 }, model_updated: true };
    const outputs = { search_model: search, evaluate: { test_metrics: { accuracy: 0.75 }, test_score: 0.75, validation_score: 0.8 }, export_model: { onnx_path: '/tmp/model.onnx' }, tune };
    const step = (tool: string) => ({ tool, ok: true, ms: 1, error: null });
    const plan = { task_type: 'binary', metric: 'accuracy' } as unknown as Plan;
    const stale = taskResultOf({ taskId: 't', plan, outputs, steps: ['search_model', 'evaluate', 'export_model', 'tune'].map(step), wallSeconds: 1, cancelled: false });
    expect(stale.best).toEqual({ learner: 'ridge', validation_score: 0.9 });
    expect(stale.test_metrics).toBeNull();
    expect(stale.artifacts.onnx).toBeNull();
    const fresh = taskResultOf({ taskId: 't', plan, outputs, steps: ['search_model', 'tune', 'evaluate', 'export_model'].map(step), wallSeconds: 1, cancelled: false });
    expect(fresh.test_metrics).toEqual({ accuracy: 0.75 });
    expect(fresh.artifacts.onnx).toBe('/tmp/model.onnx');
  });
});
