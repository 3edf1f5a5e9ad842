/** Free text in the chat: question, instruction, refinement or neither; answers from a real profile. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../../data/load.js';
import { columnInfos, profileFrame } from '../../data/profile.js';
import type { Profile } from '../../data/profile-schema.js';
import type { ColumnInfo } from '../../data/column-info.js';
import type { AskmlError } from '../../errors.js';
import { classifyInput, mergeInstruction, type QuestionIntent } from './intent.js';
import type { TaskResult } from '../../task/task-result.js';
import type { EvaluationOutput } from '../../evaluate/schemas.js';
import { answerQuestion } from './answer.js';
import { dataPathIn } from './repl.js';
import { findSlashCommand, SLASH_COMMANDS } from './slash-commands.js';
import { appendHistory, loadHistory } from './history.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let profile: Profile;
let columns: ColumnInfo[];

beforeAll(async () => {
  const { frame } = await loadTable(path.join(root, 'examples/churn.csv'));
  profile = profileFrame(frame, {});
  columns = columnInfos(profile);
});

describe('classifyInput', () => {
  const ctx = () => ({ columns, lastInstruction: null as string | null });

  it('reads questions about the data in zh and en', () => {
    const en = classifyInput('what columns are there?', ctx());
    expect(en).toEqual({ kind: 'question', topics: ['columns'], columns: [], lang: 'en' });
    const zh = classifyInput('有哪些列?', ctx());
    expect(zh).toMatchObject({ kind: 'question', topics: ['columns'], lang: 'zh' });
    expect(classifyInput('any missing values?', ctx())).toMatchObject({ kind: 'question', topics: ['missing'] });
    expect(classifyInput('age 有缺失吗', ctx())).toMatchObject({ kind: 'question', columns: ['age'], lang: 'zh' });
    expect(classifyInput('which model is best?', ctx())).toMatchObject({ kind: 'question', topics: ['results'] });
  });

  it('reads instructions, including questions that ask for a run', () => {
    expect(classifyInput('predict churn, 30 seconds', ctx())).toEqual({ kind: 'instruction', instruction: 'predict churn, 30 seconds', lang: 'en' });
    expect(classifyInput('对新闻标题进行多类别分类', ctx())).toMatchObject({ kind: 'instruction', lang: 'zh' });
    expect(classifyInput('能帮我预测 churned 吗?', ctx())).toMatchObject({ kind: 'instruction', lang: 'zh' });
  });

  it('merges a follow-up into the last instruction; a new budget replaces the old one', () => {
    const c = { columns, lastInstruction: 'predict churned, 30 seconds' };
    expect(classifyInput('不要用 region', c)).toEqual({ kind: 'refinement', instruction: 'predict churned, 30 seconds；不要用 region', lang: 'zh' });
    expect(classifyInput('60 seconds', c)).toEqual({ kind: 'refinement', instruction: 'predict churned; 60 seconds', lang: 'en' });
    expect(mergeInstruction('预测 churned，用 accuracy', '用 AUC')).toBe('预测 churned，用；用 AUC');
    // Without an earlier instruction a follow-up stands on its own.
    expect(classifyInput("don't use region", ctx())).toMatchObject({ kind: 'instruction', instruction: "don't use region" });
  });

  it('maps requests for a command to it', () => {
    expect(classifyInput('导出模型', ctx())).toEqual({ kind: 'command', command: 'export', lang: 'zh' });
    expect(classifyInput('where is the report?', ctx())).toEqual({ kind: 'command', command: 'report', lang: 'en' });
    expect(classifyInput('进度怎么样?', ctx())).toMatchObject({ kind: 'command', command: 'status' });
    // with a run verb it stays an instruction
    expect(classifyInput('predict churned and export to onnx', ctx())).toMatchObject({ kind: 'instruction' });
  });

  it('a bare column name is a question about it; small talk is neither', () => {
    expect(classifyInput('tenure_months', ctx())).toMatchObject({ kind: 'question', columns: ['tenure_months'] });
    expect(classifyInput('hello there', ctx())).toEqual({ kind: 'unknown', lang: 'en' });
    expect(classifyInput('你好', ctx())).toEqual({ kind: 'unknown', lang: 'zh' });
  });
});

describe('questions about the result (audit #7)', () => {
  const ctx = () => ({ columns, lastInstruction: null as string | null });
  const topicsOf = (q: string) => {
    const i = classifyInput(q, ctx());
    return i.kind === 'question' ? { topics: i.topics, metric: i.metric } : i.kind;
  };

  it('reads test-metric, importance, confusion and per-class questions in en and zh', () => {
    expect(topicsOf('what was the test accuracy?')).toEqual({ topics: ['metrics'], metric: 'accuracy' });
    expect(topicsOf('what is the accuracy on the test set?')).toEqual({ topics: ['metrics'], metric: 'accuracy' });
    expect(topicsOf('测试集准确率是多少？')).toEqual({ topics: ['metrics'], metric: 'accuracy' });
    expect(topicsOf('what is the AUC?')).toEqual({ topics: ['metrics'], metric: 'roc_auc' });
    expect(topicsOf('which features matter most?')).toEqual({ topics: ['importance'], metric: undefined });
    expect(topicsOf('哪些特征最重要？')).toEqual({ topics: ['importance'], metric: undefined });
    expect(topicsOf('最重要的特征是什么？')).toEqual({ topics: ['importance'], metric: undefined });
    expect(topicsOf('show the confusion matrix')).toEqual({ topics: ['confusion'], metric: undefined });
    expect(topicsOf('混淆矩阵')).toEqual({ topics: ['confusion'], metric: undefined });
    expect(topicsOf('每个类别的召回率是多少？')).toEqual({ topics: ['per_class'], metric: undefined });
    expect(topicsOf('what metric should I use?')).toEqual({ topics: ['metric_advice'], metric: undefined });
    expect(classifyInput('is age important?', ctx())).toMatchObject({ kind: 'question', topics: ['importance'], columns: ['age'] });
  });

  it('a run word inside a result question does not start a run; one at the start does', () => {
    expect(topicsOf('which features are most predictive?')).toEqual({ topics: ['importance'], metric: undefined });
    expect(topicsOf('哪些特征对预测最重要？')).toEqual({ topics: ['importance'], metric: undefined });
    expect(topicsOf('训练集准确率是多少？')).toEqual({ topics: ['metrics'], metric: 'accuracy' });
    expect(classifyInput('predict churned and show the accuracy?', ctx())).toMatchObject({ kind: 'instruction' });
  });

  it('"which columns have missing values?" answers just that, without the column table', () => {
    for (const q of ['which columns have missing values?', '哪些列有缺失值？']) {
      const i = classifyInput(q, ctx());
      expect(i).toMatchObject({ kind: 'question', topics: ['missing'] });
      const a = answerQuestion(i as QuestionIntent, { profile, file: 'churn.csv', result: null });
      expect(a).toMatch(/age\s+51\s+6\.4%/);
      expect(a).not.toContain('customer_id');
    }
  });

  it('before any run, result questions say no model is trained yet and how to train one', () => {
    const en = answerQuestion({ topics: ['importance'], columns: [], lang: 'en' }, { profile, file: 'churn.csv', result: null });
    expect(en).toMatch(/^No model has been trained in this chat yet.*"predict churned, 30 seconds"/);
    const zh = answerQuestion({ topics: ['metrics'], columns: [], lang: 'zh', metric: 'accuracy' }, { profile, file: 'churn.csv', result: null });
    expect(zh).toMatch(/^本次对话还没有训练过模型.*“预测 churned，30 秒”/);
  });

  it('a regression run has no confusion matrix: says so and gives the residuals from its evaluation', () => {
    const result = { plan: { target: 'price' }, task_type: 'regression', metric: 'rmse', best: { learner: 'ridge', validation_score: 30700 }, test_metrics: { rmse: 30060, mae: 23730 }, summary: { test_score: 30060 }, artifacts: { report: null }, leaderboard: [], learners: [] } as unknown as TaskResult;
    const evaluation = { task: 'regression', rows: 120, primary: { name: 'rmse' }, residuals: { mean: 25.46, std: 30060, meanAbs: 23730, quantiles: [] }, confusion: null, perClass: null, importance: null } as unknown as EvaluationOutput;
    const en = answerQuestion({ topics: ['confusion'], columns: [], lang: 'en' }, { profile, file: 'h.csv', result, evaluation });
    expect(en).toBe("The last run is a regression (target 'price'), so it has no confusion matrix.\nErrors (actual - predicted) on 120 test rows: mean 25.46, sd 30060, mean absolute 23730.");
    const zh = answerQuestion({ topics: ['metrics'], columns: [], lang: 'zh', metric: 'accuracy' }, { profile, file: 'h.csv', result, evaluation });
    expect(zh).toMatch(/^准确率（accuracy） 不适用于这个 regression 任务；测试集指标如下。\n测试集指标\n\s+rmse\s+30060\n\s+mae\s+23730/);
    expect(answerQuestion({ topics: ['importance'], columns: [], lang: 'en' }, { profile, file: 'h.csv', result, evaluation })).toBe('The last run has no feature importance (its evaluation did not measure it).');
  });

  it('metric advice names the metric the planner would choose for the target', () => {
    const a = answerQuestion({ topics: ['metric_advice'], columns: [], lang: 'en' }, { profile, file: 'churn.csv', result: null });
    expect(a).toMatch(/^For 'churned' \(binary\) askml optimises accuracy: the share of rows predicted right\./);
    expect(a).toContain('Others: balanced_accuracy, macro_f1, roc_auc, log_loss.');
  });
});

describe('answerQuestion', () => {
  const facts = () => ({ profile, file: 'churn.csv', result: null });

  it('lists the columns in the language of the question', () => {
    const en = answerQuestion({ topics: ['columns'], columns: [], lang: 'en' }, facts());
    expect(en).toContain('9 columns:');
    for (const c of ['customer_id', 'age', 'tenure_months', 'churned']) expect(en).toContain(c);
    const zh = answerQuestion({ topics: ['columns'], columns: [], lang: 'zh' }, facts());
    expect(zh).toContain('共 9 列');
    expect(zh).toMatch(/age\s+数值\s+特征/);
  });

  it('answers missing values, shape, a column, the target, and results before any run', () => {
    expect(answerQuestion({ topics: ['missing'], columns: [], lang: 'en' }, facts())).toMatch(/age\s+51\s+6\.4%/);
    expect(answerQuestion({ topics: ['rows'], columns: [], lang: 'zh' }, facts())).toBe('churn.csv：800 行 x 9 列。');
    expect(answerQuestion({ topics: ['general'], columns: ['age'], lang: 'en' }, facts())).toContain('age (numeric, feature): 61 distinct; 51 missing (6.4%)');
    expect(answerQuestion({ topics: ['target'], columns: [], lang: 'en' }, facts())).toMatch(/^Target: churned \(guessed\), task binary, 2 classes/);
    expect(answerQuestion({ topics: ['results'], columns: [], lang: 'en' }, facts())).toMatch(/^No model has been trained in this chat yet.*"predict churned, 30 seconds"/);
    expect(answerQuestion({ topics: ['columns'], columns: [], lang: 'en' }, { profile: null, file: null, result: null })).toMatch(/^No data loaded/);
  });
});

describe('slash commands, data paths, history', () => {
  it('finds commands by name or alias and suggests the closest for a typo', () => {
    expect(findSlashCommand('exit').name).toBe('quit');
    expect(findSlashCommand('LB').name).toBe('leaderboard');
    const describe = (name: string) => {
      try {
        findSlashCommand(name);
        return '';
      } catch (e) {
        return (e as AskmlError).describe();
      }
    };
    expect(describe('lederboard')).toMatch(/^Command '\/lederboard' not found\. Did you mean '\/leaderboard'\?/);
    expect(describe('zzzz')).toMatch(/Type \/help for the list/);
    const names = SLASH_COMMANDS.flatMap((c) => [c.name, ...c.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds an existing data file named in an instruction', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-chat-'));
    const f = path.join(dir, 'd.csv');
    writeFileSync(f, 'a,b\n1,2\n');
    // The words that only pointed at the file go with it (audit: a follow-up repeated 'predict price in , 3 seconds').
    expect(dataPathIn(`predict b in ${f}, 10 seconds`)).toEqual({ file: f, rest: 'predict b, 10 seconds', exists: true });
    expect(dataPathIn(`using ${f} predict b`)?.rest).toBe('predict b');
    expect(dataPathIn(`在 ${f} 中 预测 b，10秒`)?.rest).toBe('预测 b，10秒');
    expect(dataPathIn(`predict the price of houses ${f}`)?.rest).toBe('predict the price of houses');
    // A missing file is still found, so the chat can name it in its error (F24).
    expect(dataPathIn('predict b in missing-file.csv')).toEqual({ file: 'missing-file.csv', rest: 'predict b', exists: false });
    expect(dataPathIn('predict b, 10 seconds')).toBeNull();
  });

  it('keeps history newest first without consecutive repeats', () => {
    const f = path.join(mkdtempSync(path.join(tmpdir(), 'askml-chat-')), 'sub', 'chat_history');
    for (const l of ['/help', '/status', '/status', 'predict churned']) appendHistory(f, l);
    expect(loadHistory(f)).toEqual(['predict churned', '/status', '/help']);
    for (let i = 0; i < 25; i++) appendHistory(f, `line ${i}`, 10);
    expect(loadHistory(f, 100).length).toBeLessThanOrEqual(20);
    expect(loadHistory(f)[0]).toBe('line 24');
  });
});
