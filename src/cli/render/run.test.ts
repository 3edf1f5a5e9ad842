import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../../task/task-result.js';
import { renderPlan, renderTaskResult } from './run.js';

const result = (over: Partial<TaskResult> = {}): TaskResult =>
  ({
    task_id: 'task_1',
    run_id: 'run_1',
    metric: 'accuracy',
    learners: [{ learner: 'gbdt', bestScore: 0.81, bestScoreStd: 0.01, trials: 5, failed: 0, timedOut: 1, fitSeconds: 1.2, bestParams: [{ name: 'num_leaves', value: 15 }] }],
    leaderboard: [{ rank: 1, learner: 'gbdt', score: 0.81, params: [{ name: 'num_leaves', value: 15 }], fitSeconds: 0.2 }],
    best: { learner: 'gbdt', validation_score: 0.81 },
    test_metrics: { accuracy: 0.8, log_loss: null },
    artifacts: { report: '/w/report.html', report_markdown: '/w/report.md', model: '/w/model', onnx: null, onnx_inputs: [] },
    notes: ["No final refit: the model is the best trial's first-fold model."],
    wall_seconds: 3.04,
    cancelled: false,
    ...over,
  }) as unknown as TaskResult;

describe('renderTaskResult (askml run and the chat)', () => {
  it("shows the main text column's top terms after the test metrics, per class or effect", () => {
    const groups = ['体育', '娱乐'].map((label, i) => ({ label, terms: i ? ['幕后', '新片'] : ['季后赛', '首轮'] }));
    const zh = renderTaskResult(result({ top_terms: { column: 'title', tokens: 'jieba', groups } }), 'zh');
    expect(zh).toContain('\n\n关键词项：title（jieba 分词）\n  体育  季后赛、首轮\n  娱乐  幕后、新片\n');
    const reg = renderTaskResult(result({ task_type: 'regression', top_terms: { column: 'notes', tokens: 'word', groups: [{ label: 'higher', terms: ['sea view'] }, { label: 'lower', terms: ['noisy', 'small'] }] } }));
    expect(reg).toContain('\n\nTop terms of notes (words)\n  raise  sea view\n  lower  noisy, small\n');
    const many = Array.from({ length: 14 }, (_, i) => ({ label: `c${i}`, terms: ['x'] }));
    expect(renderTaskResult(result({ top_terms: { column: 't', tokens: 'char', groups: many } }))).toContain('  (2 more in the report)');
    expect(renderTaskResult(result({ top_terms: null }))).not.toContain('Top terms');
  });

  it('prints the saved model before the test metrics, the notes and the closing line', () => {
    const out = renderTaskResult(result());
    expect(out).toContain('5 (1 cut at the time limit)');
    expect(out).toMatch(/Saved model: gbdt \(validation accuracy 0\.81\)\nTest metrics\n {2}accuracy +0\.8\n/);
    expect(out).not.toContain('log_loss');
    expect(out).toContain("note: No final refit: the model is the best trial's first-fold model.");
    expect(out.trim().split('\n').at(-1)).toBe('Done in 3.0 s (task task_1, run run_1).');
    expect(renderTaskResult(result({ cancelled: true, run_id: null }))).toMatch(/Cancelled; results so far in 3\.0 s \(task task_1\)\.$/);
  });

  it('in Chinese: labels, notes and the closing line; names, numbers and paths stay', () => {
    const out = renderTaskResult(result(), 'zh');
    expect(out).toMatch(/^学习器（各自最好的验证集 accuracy）/);
    expect(out).toContain('5（1 次到时间上限被中止）');
    expect(out).toContain('保存的模型：gbdt（验证集 accuracy 0.81）\n测试集指标');
    expect(out).toMatch(/产出文件\n {2}报告 +\/w\/report\.html/);
    expect(out).toContain('备注：没有最终重新训练：模型为最佳试验的第一折模型。');
    expect(out.trim().split('\n').at(-1)).toBe('完成，用时 3.0 秒（任务 task_1，运行 run_1）。');
    expect(out).not.toMatch(/\b(Saved model|Test metrics|Artifacts|note|Done)\b/);
  });
});

describe('renderPlan in Chinese', () => {
  const plan = (lang: 'zh' | 'en', assumption: string) =>
    ({
      task_type: 'binary', target: 'survived', metric: 'accuracy', text_columns: [], excluded_columns: [], categorical_columns: [], budget_seconds: 8,
      preferences: {}, include_learners: null, exclude_learners: [], lang, assumptions: [assumption],
    }) as unknown as Parameters<typeof renderPlan>[0];

  it('names the task type in Chinese with its identifier, and localises a Chinese plan\'s assumptions', () => {
    const out = renderPlan(plan('zh', "根据目标列 'survived'（boolean，2 个不同值）推断任务类型为 binary。"), { lang: 'zh' });
    expect(out).toMatch(/任务类型 +二分类（binary）/);
    expect(out).toContain("根据目标列 'survived'（布尔，2 个不同值）推断任务类型为二分类。");
  });

  it("leaves an English plan's assumptions as written (a Chinese refinement of an English instruction in the chat)", () => {
    const a = "task type binary inferred from target 'survived' (boolean, 2 distinct values).";
    expect(renderPlan(plan('en', a), { lang: 'zh' })).toContain(`    - ${a}`);
    expect(renderPlan(plan('en', a))).toMatch(/task type +binary\n/);
  });
});
