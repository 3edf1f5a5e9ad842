/**
 * The offline sequence's arguments from the plan, and what they do end to end: an interpretable
 * model is one readable model (audit #8: "要可解释的模型" gave linear_svm+decision_tree).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../src/agent/plan.js';
import { INTERPRETABLE_LEARNERS } from '../src/agent/plan.js';
import { submitTask, type TaskResult } from '../src/task/submit.js';
import { loadArtifact } from '../src/export/artifact.js';
import { createOfflineArgs } from './offline-args.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let ws = '';
beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'askml-offline-args-'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const plan = (interpretable: boolean): Plan => ({
  task_type: 'binary', target: 'churned', metric: 'accuracy', text_columns: [], excluded_columns: [], categorical_columns: [],
  budget_seconds: 10, preferences: { interpretable, fast: false, imbalanced: false, export_onnx: false, max_accuracy: false, explain: false },
  include_learners: interpretable ? [...INTERPRETABLE_LEARNERS] : null, exclude_learners: [], lang: 'en', assumptions: [],
});

describe('createOfflineArgs: search_model', () => {
  const build = createOfflineArgs({ dataPath: 'x.csv', datasetId: 'ds_x', seed: 1 });
  it('turns the ensemble off for an interpretable plan, and leaves it automatic otherwise', () => {
    expect(build('search_model', { plan: plan(true), outputs: {} })).toMatchObject({ include_learners: ['linear', 'decision_tree'], ensemble: false });
    expect(build('search_model', { plan: plan(false), outputs: {} })).toMatchObject({ include_learners: null, ensemble: null });
  });
  it('asks engineer_features for char n-grams when the plan wants ONNX and has text (a self-contained graph)', () => {
    const onnx = { ...plan(false), text_columns: ['title'], preferences: { ...plan(false).preferences, export_onnx: true } };
    expect(build('engineer_features', { plan: onnx, outputs: {} })).toMatchObject({ text_analyzer: 'char' });
    expect(build('engineer_features', { plan: { ...onnx, text_columns: [] }, outputs: {} })).toMatchObject({ text_analyzer: 'auto' });
    expect(build('engineer_features', { plan: { ...plan(false), text_columns: ['title'] }, outputs: {} })).toMatchObject({ text_analyzer: 'auto' });
  });
});

/** Learners of the linear and decision_tree families (src/learners/registry.ts). */
const READABLE = /^(?:logistic_regression|linear_svm|ridge|linear_regression|decision_tree)$/;

/** The saved model's fitted members: one, not an ensemble's or the k averaged fold models. */
function members(r: TaskResult) {
  return loadArtifact(r.artifacts.model!).model.members.map((m) => ({ learner: m.learner, fold: m.fold ?? null }));
}

describe('an interpretable model end to end (submitTask, offline planner)', () => {
  it('classification: one linear model or one tree, not an ensemble; the plan says so', async () => {
    const r = await submitTask({ dataset: path.join(root, 'examples/churn.csv'), instructions: '预测客户是否流失，要可解释的模型', maxTrials: 12, seed: 0, workspaceDir: ws, parallelism: 1 }).done;
    expect(r.plan.include_learners).toEqual(['linear', 'decision_tree']);
    expect(r.plan.assumptions).toContain('要求可解释模型；只使用 linear, decision_tree，最终模型是其中的单个模型（不做集成，也不平均各折模型）。');
    expect(r.best!.learner).toMatch(READABLE);
    expect(members(r)).toEqual([{ learner: r.best!.learner, fold: null }]);
    // resume and tune read the choice back from the run's record
    const runDir = path.dirname(r.artifacts.model!);
    expect(JSON.parse(readFileSync(path.join(runDir, 'record.json'), 'utf8')).ensemble).toBe(false);
    expect(JSON.parse(readFileSync(path.join(runDir, 'request.json'), 'utf8')).ensemble).toBe(false);
  }, 60_000);

  it('regression on small data: no averaged fold models either', async () => {
    const r = await submitTask({ dataset: path.join(root, 'examples/house-prices.csv'), instructions: 'I need an interpretable model to predict price', maxTrials: 12, seed: 0, workspaceDir: ws, parallelism: 1 }).done;
    expect(r.plan.assumptions.some((a) => a.includes('the final model is a single one of them (no ensemble, no averaged fold models)'))).toBe(true);
    expect(r.best!.learner).toMatch(READABLE);
    // Small regression data averages the k fold models by default; not for a readable model.
    expect(members(r)).toEqual([{ learner: r.best!.learner, fold: null }]);
  }, 60_000);
});
