import { describe, expect, it } from 'vitest';
import { distinctConfigs, ensembleKeptNote, searchCaption, textImportanceNote, topFeatures, trialOutcomes, trialTooltip } from './derive.js';
import { joinSentences, translator } from './i18n.js';
import { classificationInput, regressionInput } from './test-fixtures.js';
import type { ReportInput, ReportLearnerRow, TrialRecord } from './types.js';

const en = translator('en');
const zh = translator('zh');

describe('translator', () => {
  it('picks the singular or plural form by the count (English)', () => {
    expect(en('revalNote', { repeats: 1, folds: 5 })).toContain('on 1 fresh 5-fold split of the training rows');
    expect(en('revalNote', { repeats: 2, folds: 5 })).toContain('on 2 fresh 5-fold splits of the training rows');
    expect(en('moreRows', { n: 1 })).toBe('1 more row not shown.');
    expect(en('moreRows', { n: 3 })).toBe('3 more rows not shown.');
    expect(en('importanceCaptionAll', { total: 1, method: 'm' })).toBe('The only feature, scored by m.');
    expect(en('importanceCaptionAll', { total: 7, method: 'm' })).toBe('All 7 features, scored and sorted by m.');
  });

  it('sets a Latin value off from Han text with a space in Chinese, and nothing else', () => {
    expect(zh('importanceCaption', { n: 3, total: 9, method: '置换重要性（accuracy 的下降）' })).toBe('按置换重要性（accuracy 的下降）排序的前 3 个特征（共 9 个）。');
    expect(zh('importanceCaption', { n: 3, total: 9, method: 'permutation (x)' })).toBe('按 permutation (x) 排序的前 3 个特征（共 9 个）。');
    expect(zh('seconds', { n: 5 })).toBe('5 秒');
    expect(joinSentences('zh', ['一。', '二。'])).toBe('一。二。');
    expect(joinSentences('en', ['One.', '', 'Two.'])).toBe('One. Two.');
  });
});

describe('topFeatures', () => {
  it('prints float noise around zero as 0, not -3.7e-17', () => {
    const top = topFeatures({
      method: 'm',
      features: [
        { name: 'noise', importance: -3.7e-17, std: 0.005103 },
        { name: 'real', importance: 0.06, std: 0.01 },
        { name: 'small', importance: -0.002, std: 0.01 },
        { name: 'alone', importance: 2e-15, std: null },
      ],
    });
    expect(top.map((f) => [f.name, f.importance])).toEqual([
      ['real', 0.06],
      ['noise', 0],
      ['alone', 0],
      ['small', -0.002],
    ]);
    // A real small value is kept when every value is that small.
    expect(topFeatures({ method: 'm', features: [{ name: 'a', importance: 3e-9, std: 1e-9 }] })[0].importance).toBe(3e-9);
  });
});

describe('trials without a score', () => {
  const trial = (id: number, learner: string, status: TrialRecord['status'], score: number | null = null): TrialRecord => ({ id, learner, elapsedSeconds: id, score, status });
  const learner = (name: string, trials: number, failed: number, timedOut: number): ReportLearnerRow => ({ learner: name, trials, failed, timedOut, fitSeconds: 1, best: null });

  it('tells time-limit cuts from failures by status, and by the learner rows for inputs that mark both failed', () => {
    const marked = [trial(1, 'gbdt', 'ok', 0.8), trial(2, 'gbdt', 'timed_out'), trial(3, 'knn', 'failed'), trial(4, 'knn', 'pruned')];
    expect(trialOutcomes(marked)).toMatchObject({ each: ['ok', 'timed_out', 'failed', 'pruned'], ok: 1, failed: 1, timedOut: 1, pruned: 1 });
    // trials.jsonl says only ok/failed: gbdt's cut is known from its row, forest has both kinds.
    const old = [trial(1, 'gbdt', 'ok', 0.8), trial(2, 'gbdt', 'failed'), trial(3, 'knn', 'failed'), trial(4, 'forest', 'failed'), trial(5, 'forest', 'failed')];
    const rows = [learner('gbdt', 2, 0, 1), learner('knn', 1, 1, 0), learner('forest', 2, 1, 1)];
    expect(trialOutcomes(old, rows)).toMatchObject({ each: ['ok', 'timed_out', 'failed', 'unscored', 'unscored'], ok: 1, failed: 2, timedOut: 2, pruned: 0 });
    // Rows that do not count these trials are not used.
    expect(trialOutcomes(old, [learner('gbdt', 9, 0, 5)])).toMatchObject({ failed: 4, timedOut: 0 });
    expect(trialTooltip(old[1], 'timed_out', zh)).toBe('#2 gbdt 到时中止');
    expect(trialTooltip({ ...old[2], session: 'tune-1' }, 'failed', zh)).toBe('tune-1 #3 knn 失败');
    expect(trialTooltip(old[0], 'ok', zh)).toBe('#1 gbdt 0.8000');
  });

  it('leaves the red ticks out of the caption when every trial scored, and names what they are otherwise', () => {
    const base = classificationInput();
    const allOk: ReportInput = { ...base, trials: base.trials.filter((t) => t.status === 'ok') };
    expect(searchCaption(allOk, en)).not.toMatch(/red ticks|failed|pruned/i);
    expect(searchCaption({ ...allOk, lang: 'zh' }, zh)).not.toMatch(/红色短线|失败|剪枝/);
    const trials = [trial(1, 'gbdt', 'ok', 0.8), trial(2, 'gbdt', 'failed'), trial(3, 'knn', 'failed')];
    const input: ReportInput = { ...base, trials, learners: [learner('gbdt', 2, 0, 1), learner('knn', 1, 1, 0)] };
    expect(searchCaption(input, en)).toBe(
      'Best macro_f1 so far against seconds since the search started; dots are the 1 scored trial. Red ticks on the time axis are the 2 trials without a score (1 failed, 1 cut at the time limit).',
    );
    expect(searchCaption({ ...input, lang: 'zh' }, zh)).toBe(
      '横轴为搜索开始后的秒数，纵轴为目前最好的 macro_f1；圆点为 1 次有得分的试验。时间轴上的红色短线为 2 次没有得分的试验（1 次失败，1 次到时中止）。',
    );
  });
});

describe('distinctConfigs', () => {
  it('shows a configuration the search ran twice once, at its best rank, with its count', () => {
    const row = (alpha: number, cvScore: number) => ({ learner: 'ridge', params: { alpha }, cvScore, cvStd: null, fitSeconds: 0 });
    const out = distinctConfigs([row(0.4467, 1), row(0.3548133892335751, 2), row(0.35481338923357575, 2), row(0.631, 3), { ...row(0.631, 3), learner: 'lasso' }]);
    expect(out.map((c) => [c.row.learner, c.row.params.alpha, c.runs])).toEqual([
      ['ridge', 0.4467, 1],
      ['ridge', 0.3548133892335751, 2],
      ['ridge', 0.631, 1],
      ['lasso', 0.631, 1],
    ]);
  });
});

describe('ensembleKeptNote', () => {
  const ensembleInput = (patch: Partial<NonNullable<ReportInput['pipeline']>['validation']> = {}): ReportInput => {
    const base = classificationInput();
    return { ...base, pipeline: { ...base.pipeline!, validation: { score: 0.8141, kind: 'cv', folds: 5, rescored: false, ...patch } } };
  };

  it('says the ensemble beat the best single configuration, from the input\'s own best single score first', () => {
    expect(ensembleKeptNote(ensembleInput({ bestSingleScore: 0.8094 }), en)).toBe(
      'The ensemble was kept because it beat the best single configuration scored on the same validation rows: macro_f1 0.8141 against 0.8094.',
    );
    expect(ensembleKeptNote({ ...ensembleInput({ bestSingleScore: 0.8094 }), lang: 'zh' }, zh)).toBe(
      '保留集成模型，是因为它在同一批验证行上的得分优于最佳单一配置：macro_f1 0.8141，而最佳单一配置为 0.8094。',
    );
    // Without it: the leaderboard's best CV score (0.8712 in the fixture, which the ensemble did not beat: nothing said).
    expect(ensembleKeptNote(ensembleInput(), en)).toBeNull();
    expect(ensembleKeptNote(ensembleInput({ score: 0.88 }), en)).toContain('macro_f1 0.8800 against 0.8712.');
    // null from the producer: no comparison on the same rows is known (labels tuned afterwards): nothing said.
    expect(ensembleKeptNote(ensembleInput({ score: 0.88, bestSingleScore: null }), en)).toBeNull();
    // Chosen on log loss (chooseByLogLoss): said so, with the metric either way.
    const ll = ensembleInput({ bestSingleScore: 0.8094 });
    ll.pipeline!.validation!.ensembleLogLoss = { score: 0.4012, bestSingleScore: 0.4125 };
    expect(ensembleKeptNote(ll, en)).toMatch(/out-of-fold log loss was lower than the best single configuration's \(0\.4012 against 0\.4125; .*\); macro_f1 0\.\d+ against 0\.8094\.$/);
  });

  it('takes the best fresh score when the finalists were re-scored, and says nothing for a single model', () => {
    const reg = regressionInput({ lang: 'en' });
    const input: ReportInput = {
      ...reg,
      pipeline: { ...reg.pipeline!, ensemble: [{ learner: 'gbdt', weight: 0.5 }, { learner: 'random_forest', weight: 0.5 }], validation: { score: 6.41, kind: 'cv', folds: 5, rescored: true } },
    };
    expect(ensembleKeptNote(input, en)).toContain('rmse 6.4100 against 6.6000.');
    expect(ensembleKeptNote({ ...input, pipeline: { ...input.pipeline!, ensemble: null } }, en)).toBeNull();
  });
});

describe('textImportanceNote', () => {
  it('says a text column is measured as a whole, only when one is shown', () => {
    const input = classificationInput();
    const title = [{ name: 'title', importance: 0.85, std: 0.03 }];
    expect(textImportanceNote(input, title, en)).toBe(
      "The text column 'title' is measured as a whole: its importance covers every term (word or n-gram) the model takes from it together, not any single word.",
    );
    expect(textImportanceNote({ ...input, lang: 'zh' }, title, zh)).toBe("文本列 'title' 按整列计算重要性：该数值涵盖模型从中取用的所有词项（词或 n 元组合），而不是某个单独的词。");
    expect(textImportanceNote(input, [{ name: 'source', importance: 0.1, std: null }], en)).toBeNull();
  });
});
