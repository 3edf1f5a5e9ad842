import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { residualStats } from './derive.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { classificationInput, regressionInput } from './test-fixtures.js';
import type { ReportInput } from './types.js';
import { writeReport } from './write.js';

const HOSTILE = '<img src=x onerror=alert(1)>|*x*';

/** Rows of the first Markdown table after `heading` (header and separator excluded). */
function mdTableAfter(md: string, heading: string): string[] {
  const start = md.indexOf(heading);
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[] = [];
  for (let i = first + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  return rows;
}

/** Cells of a Markdown table row, honouring escaped pipes. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** Tags are balanced (a cheap well-formedness check of the generated markup). */
function assertBalanced(html: string): void {
  const body = html.replace(/<!doctype[^>]*>/i, '').replace(/<style>[\s\S]*?<\/style>/, '');
  const voids = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^<>]*?)(\/?)>/g)) {
    const [, close, name, , self] = m;
    const tag = name.toLowerCase();
    if (self || voids.has(tag)) continue;
    if (close) {
      expect(stack.pop(), `closing </${tag}>`).toBe(tag);
    } else stack.push(tag);
  }
  expect(stack).toEqual([]);
}

describe('renderMarkdown', () => {
  it('has every section and tables with the right rows (en classification)', () => {
    const input = classificationInput({ classes: 6 });
    const md = renderMarkdown(input);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Data profile',
      '## Plan',
      '## Leaderboard',
      '## Search progress',
      '## Evaluation on held-out data',
      '## Feature importance',
      '## Best pipeline',
      '## Reproducibility',
    ]);
    expect(md.startsWith('# askml run report: Classify news headlines by &lt;category&gt; &amp; report "accuracy"\n')).toBe(true);
    const lb = mdTableAfter(md, '## Leaderboard');
    expect(lb).toHaveLength(4);
    expect(cells(lb[0])).toEqual(['1', 'gbdt', 'learning_rate=0.1, max_depth=6, n_estimators=300', '0.8712 ± 0.0081', '12.4']);
    expect(cells(lb[3])).toEqual(['4', 'knn', '(defaults)', '–', '–']);
    const cm = mdTableAfter(md, '### Confusion matrix');
    expect(cm).toHaveLength(6);
    expect(cells(cm[0])).toHaveLength(7);
    expect(cells(cm[0])[1]).toBe(String(input.evaluation!.classification!.confusion[0][0]));
    expect(mdTableAfter(md, '### Per-class')).toHaveLength(6);
    const imp = mdTableAfter(md, '## Feature importance');
    expect(imp).toHaveLength(20);
    expect(cells(imp[0])).toEqual(['1', 'title', '0.2 ± 0.01']);
    expect(md).toContain('Top 20 of 25 features');
    expect(mdTableAfter(md, '### Ensemble').map((r) => cells(r))).toEqual([
      ['gbdt', '0.62'],
      ['logistic', '0.38'],
    ]);
    const repro = mdTableAfter(md, '## Reproducibility').map((r) => cells(r));
    expect(repro).toContainEqual(['SHA-256', `\`${input.repro.dataSha256}\``]);
    expect(repro).toContainEqual(['Seed', '42']);
    expect(repro).toContainEqual(['Trial limit', 'none']);
    expect(md).toContain('⚠ Column "id" is unique per row and was dropped.');
  });

  it('escapes user strings so they cannot inject HTML or break tables', () => {
    const input = classificationInput({ classes: 3 });
    input.instruction = HOSTILE;
    input.evaluation!.classification!.labels[1] = HOSTILE;
    input.evaluation!.classification!.perClass[1].label = HOSTILE;
    input.profile.columnSummaries[1].name = 'a|b\nc';
    const md = renderMarkdown(input);
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;\\|\\*x\\*');
    const pc = mdTableAfter(md, '### Per-class');
    expect(pc).toHaveLength(3);
    expect(cells(pc[1])).toHaveLength(5);
    const cols = mdTableAfter(md, '## Data profile');
    expect(cols).toHaveLength(5);
    expect(cells(cols[1])[0]).toBe('a\\|b c');
  });

  it('uses Chinese headings and keeps data values as they are (zh regression)', () => {
    const md = renderMarkdown(regressionInput());
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## 数据概况', '## 计划', '## 排行榜', '## 搜索过程', '## 留出集评估', '## 特征重要性', '## 最佳流水线', '## 可复现信息']);
    expect(md).toContain('# askml 运行报告: 预测房屋的成交价格（万元），并说明最重要的因素');
    expect(md).toContain('### 残差');
    expect(md).not.toContain('### 混淆矩阵');
    const res = mdTableAfter(md, '### 残差').map((r) => cells(r));
    expect(res[4]).toEqual(['n', '3,000']);
    expect(Number(res[2][1])).toBeGreaterThan(5);
    expect(Number(res[2][1])).toBeLessThan(7);
    expect(mdTableAfter(md, '## 排行榜')).toHaveLength(3);
    // finalists re-scored on fresh folds, the chosen one marked
    expect(md).toContain('在训练行的 2 套新的 5 折划分上重新评分');
    expect(mdTableAfter(md, '### 候选模型在新划分上的复评').map((r) => cells(r))).toEqual([
      ['gbdt', '6.1200', '6.7100', ''],
      ['random_forest', '6.5800', '6.6000', '选中'],
    ]);
    expect(renderMarkdown(classificationInput())).not.toContain('re-scored');
    expect(md).toContain('没有警告。');
  });

  it('says so when parts are missing', () => {
    const input = classificationInput();
    const bare: ReportInput = { ...input, plan: null, leaderboard: [], trials: [], evaluation: null, importance: null, pipeline: null };
    const md = renderMarkdown(bare);
    for (const s of ['No plan was recorded.', 'No model finished.', 'No trials were recorded.', 'No evaluation was recorded.', 'No feature importance was computed.', 'No pipeline was recorded.']) {
      expect(md).toContain(s);
    }
  });

  it('compares the learners: one row each with trials, best score and parameters, in both languages', () => {
    const learners: ReportInput['learners'] = [
      { learner: 'gbdt', trials: 40, failed: 2, timedOut: 1, fitSeconds: 31.25, best: { params: { learning_rate: 0.1, n_estimators: 300 }, cvScore: 0.8712, cvStd: 0.0081 } },
      { learner: HOSTILE, trials: 3, failed: 0, timedOut: 0, fitSeconds: 0.4, best: { params: {}, cvScore: 0.8, cvStd: null } },
      { learner: 'knn', trials: 1, failed: 1, timedOut: 0, fitSeconds: 0.1, best: null },
      { learner: 'extra_trees', trials: 0, failed: 0, timedOut: 0, fitSeconds: 0, best: null },
    ];
    const input: ReportInput = { ...classificationInput(), learners };
    const rows = mdTableAfter(renderMarkdown(input), '### Best configuration of each learner').map(cells);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual(['gbdt', '40 (2 failed, 1 cut at the time limit)', '0.8712 ± 0.0081', 'learning_rate=0.1, n_estimators=300', '31.3']);
    expect(rows[1][0]).not.toContain('<img');
    expect(rows[2]).toEqual(['knn', '1 (1 failed)', 'no trial scored', '', '0.10']);
    expect(rows[3]).toEqual(['extra_trees', '0', 'not started', '', '0.00']);
    const md = renderMarkdown(input);
    expect(md.indexOf('### Best configuration of each learner')).toBeLessThan(md.indexOf('### Top configurations'));
    const zh = renderMarkdown({ ...input, lang: 'zh' });
    expect(zh).toContain('### 各学习器的最佳配置');
    expect(zh).toContain('40 (2 次失败，1 次到时中止)');
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html).toContain('<h3>Best configuration of each learner</h3>');
    expect(html).not.toContain(HOSTILE);
    // Without learner rows (an older run folder), the section is the leaderboard alone.
    expect(renderMarkdown(classificationInput())).not.toContain('### Top configurations');
  });

  it('says when the final model averages cross-validation fold models (bagging), in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      const input = regressionInput({ lang });
      expect(renderMarkdown(input)).not.toMatch(/bagging/);
      const bagged: ReportInput = { ...input, pipeline: { ...input.pipeline!, bagFolds: 5 } };
      const want = lang === 'en' ? "Each learner's 5 cross-validation fold models are averaged (bagging)" : '每个学习器的 5 个交叉验证折模型取平均（bagging）';
      expect(renderMarkdown(bagged)).toContain(want);
      expect(renderHtml(bagged)).toContain(want.replace("'", '&#39;'));
    }
  });
});

describe('renderHtml', () => {
  it('is a self-contained page with the charts and tables (en classification)', () => {
    const input = classificationInput({ classes: 5 });
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=|href="http/i);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html.match(/<rect class="cell"/g)).toHaveLength(25);
    expect(html.match(/<rect class="bar"/g)).toHaveLength(20);
    expect(html.match(/<circle class="trial"/g)).toHaveLength(input.trials.filter((t) => t.status === 'ok').length);
    expect(html.match(/class="trial-failed"/g)).toHaveLength(input.trials.filter((t) => t.status !== 'ok').length);
    const lb = html.slice(html.indexOf('class="leaderboard"'), html.indexOf('</table>', html.indexOf('class="leaderboard"')));
    expect(lb.match(/<tr>/g)).toHaveLength(5); // header + 4 learners
    const pc = html.slice(html.indexOf('class="per-class"'), html.indexOf('</table>', html.indexOf('class="per-class"')));
    expect(pc.match(/<tr>/g)).toHaveLength(6);
    for (const id of ['data', 'plan', 'leaderboard', 'search', 'evaluation', 'importance', 'pipeline', 'repro']) {
      expect(html).toContain(`<section id="${id}">`);
    }
    expect(html).toContain('<dd><code>e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855</code></dd>');
  });

  it('escapes user strings everywhere, including inside the SVG charts', () => {
    const input = classificationInput({ classes: 3 });
    input.instruction = `</title><script>alert(1)</script>`;
    input.task.target = HOSTILE;
    input.evaluation!.classification!.labels[0] = HOSTILE;
    input.importance!.features[0].name = '"><svg onload=alert(1)>';
    input.profile.warnings.push('<b>bold</b>');
    input.pipeline!.steps[0].columns = [HOSTILE];
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>bold/);
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;|*x*');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
  });

  it('renders a Chinese regression report with scatter and y = x line', () => {
    const html = renderHtml(regressionInput());
    assertBalanced(html);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h2>数据概况</h2>');
    expect(html).toContain('<h2>留出集评估</h2>');
    expect(html).toContain('<h3>预测值与真实值</h3>');
    expect(html).toContain('显示 2,000 / 3,000 条');
    expect(html.match(/<circle class="point"/g)).toHaveLength(2000);
    expect(html.match(/<line class="identity"/g)).toHaveLength(1);
    expect(html).not.toContain('chart-confusion');
    expect(html.match(/<rect class="bar"/g)).toHaveLength(3);
    expect(html).toContain('<p>划分：留出 20%（3,000 行）</p>');
    expect(html).toContain('<h3>候选模型在新划分上的复评</h3>');
    expect(html.match(/<table class="revalidation"/g)).toHaveLength(1);
  });

  it('shows empty states instead of charts when parts are missing', () => {
    const input = regressionInput({ n: 10 });
    const html = renderHtml({ ...input, trials: [], importance: null, plan: null });
    assertBalanced(html);
    expect(html).toContain('<p class="empty">没有记录试验。</p>');
    expect(html).toContain('<p class="empty">没有计算特征重要性。</p>');
    expect(html.match(/<svg /g)).toHaveLength(1);
  });
});

describe('writeReport', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('writes both files atomically and overwrites an old report', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'askml-report-test-'));
    dirs.push(dir);
    const out = path.join(dir, 'nested', 'run-1');
    const input = classificationInput();
    const first = await writeReport(input, out);
    expect(first.markdownPath).toBe(path.join(out, 'report.md'));
    expect(first.htmlPath).toBe(path.join(out, 'report.html'));
    await writeFile(first.htmlPath, 'old');
    const second = await writeReport(input, out);
    expect(await readFile(second.markdownPath, 'utf8')).toBe(renderMarkdown(input));
    expect(await readFile(second.htmlPath, 'utf8')).toBe(renderHtml(input));
    expect((await readdir(out)).sort()).toEqual(['report.html', 'report.md']); // no temp files left
  });

  it('rejects a base name with folder parts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'askml-report-test-'));
    dirs.push(dir);
    await expect(writeReport(classificationInput(), dir, { baseName: '../escape' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('the saved model, the run status, its notes and its sessions', () => {
  const validation = { score: 0.8801, kind: 'cv' as const, folds: 5, rescored: false };

  it('names an ensemble by its members (with weights and parameters) and gives its validation score next to the test score', () => {
    const base = classificationInput();
    const input: ReportInput = {
      ...base,
      pipeline: {
        ...base.pipeline!,
        learner: 'gbdt x2 + logistic',
        params: {},
        ensemble: [
          { learner: 'gbdt', weight: 0.5, params: { learning_rate: 0.1, max_depth: 6 } },
          { learner: 'logistic', weight: 0.3, params: { C: 3.2 } },
          { learner: 'gbdt', weight: 0.2, params: { learning_rate: 0.05, max_depth: 4 } },
        ],
        validation,
      },
    };
    const md = renderMarkdown(input);
    const pipeline = md.slice(md.indexOf('## Best pipeline'));
    expect(pipeline).toContain('**Model**: weighted ensemble of 3 configurations: gbdt x2 + logistic\n');
    expect(pipeline).not.toContain('**Learner**');
    expect(pipeline).not.toContain('**Parameters**');
    expect(pipeline).toContain('**Validation score** (macro_f1): 0.8801 (5-fold cross-validation)');
    expect(mdTableAfter(md, '### Ensemble').map(cells)).toEqual([
      ['gbdt', '0.5', 'learning_rate=0.1, max_depth=6'],
      ['logistic', '0.3', 'C=3.2'],
      ['gbdt', '0.2', 'learning_rate=0.05, max_depth=4'],
    ]);
    expect(md).toContain('Saved model: validation macro_f1 0.8801 (5-fold cross-validation), test macro_f1 0.8654.');
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html).toContain('<dt>Model</dt><dd><strong>weighted ensemble of 3 configurations: gbdt x2 + logistic</strong></dd>');
    expect(html).not.toContain('<dt>Learner</dt>');
    expect(html).toContain('<dt>Validation score (macro_f1)</dt><dd>0.8801 <span class="std">(5-fold cross-validation)</span></dd>');
    expect(html).toContain('<p class="validation">Saved model: validation macro_f1 0.8801 (5-fold cross-validation), test macro_f1 0.8654.</p>');
    const zh = renderMarkdown({ ...input, lang: 'zh' });
    expect(zh).toContain('**模型**: 3 个配置的加权集成：gbdt x2 + logistic');
    expect(zh).toContain('保存的模型：验证 macro_f1 0.8801（5 折交叉验证），测试 macro_f1 0.8654。');
  });

  it('names a single model by its learner and parameters, and says when its score comes from fresh folds or it is a first-fold model', () => {
    for (const lang of ['en', 'zh'] as const) {
      const base = regressionInput({ lang });
      const input: ReportInput = { ...base, pipeline: { ...base.pipeline!, validation: { score: 6.6, kind: 'cv', folds: 5, rescored: true }, firstFold: true } };
      const md = renderMarkdown(input);
      const html = renderHtml(input);
      assertBalanced(html);
      if (lang === 'en') {
        expect(md).toContain('**Learner**: gbdt\n\n**Parameters**: learning_rate=0.05, max_depth=8, n_estimators=600');
        expect(md).toContain('**Validation score** (rmse): 6.6000 (5-fold cross-validation; finalists re-scored on fresh folds)');
        expect(md).toContain('Saved model: validation rmse 6.6000 (5-fold cross-validation; finalists re-scored on fresh folds), test rmse 6.0300.');
        expect(md).toContain("The model is its trial's own model (trained on part of the training rows; the notes say which)");
        expect(html).toContain('<p class="status">The model is its trial&#39;s own model');
      } else {
        expect(md).toContain('**学习器**: gbdt\n\n**参数**: learning_rate=0.05');
        expect(md).toContain('**验证得分** (rmse): 6.6000 (5 折交叉验证；候选模型在新划分上复评)');
        expect(md).toContain('该模型是其试验自己的模型');
        expect(html).toContain('<p class="status">该模型是其试验自己的模型');
      }
    }
    // Without the fields (an older input), neither line appears.
    const md = renderMarkdown(regressionInput({ lang: 'en' }));
    expect(md).not.toMatch(/Validation score|Saved model: validation|first-fold/);
  });

  it('says a cancelled run was cancelled, at the top, in both languages; a normal end is not mentioned', () => {
    const input: ReportInput = { ...classificationInput(), status: 'cancelled' };
    const md = renderMarkdown(input);
    expect(mdTableAfter(md, '# askml run report').map(cells)).toContainEqual(['**Status**', '⚠ cancelled']);
    expect(md).toContain('> ⚠ Cancelled: the search was stopped before its time budget or trial limit was used up;');
    expect(md.indexOf('> ⚠ Cancelled')).toBeLessThan(md.indexOf('## Data profile'));
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html).toContain('<div><dt>Status</dt><dd>cancelled</dd></div>');
    expect(html).toMatch(/<p class="status">Cancelled: the search was stopped[^<]*<\/p>\n<nav/);
    const zh = renderMarkdown({ ...input, lang: 'zh' });
    expect(mdTableAfter(zh, '# askml 运行报告').map(cells)).toContainEqual(['**状态**', '⚠ 已取消']);
    expect(zh).toContain('> ⚠ 已取消：搜索在用完时间预算或试验次数上限之前被停止');
    expect(renderHtml({ ...input, lang: 'zh' })).toContain('<div><dt>状态</dt><dd>已取消</dd></div>');
    // The last of several sessions.
    const later = renderMarkdown({ ...input, repro: { ...input.repro, sessions: 3 } });
    expect(later).toContain("> ⚠ Cancelled: the last of the run's 3 search sessions was stopped");
    // Another status is named as it is.
    expect(renderMarkdown({ ...input, status: 'stopped_by_limit' })).toContain('> ⚠ The search ended with status stopped_by_limit.');
    for (const status of ['completed', 'budget_exhausted', null, undefined]) {
      const normal = renderMarkdown({ ...classificationInput(), status });
      expect(normal, String(status)).not.toMatch(/Status|⚠ Cancelled|ended with status/);
      expect(renderHtml({ ...classificationInput(), status })).not.toContain('class="status"');
    }
  });

  it('lists the run notes under the search progress, escaped, also without trials, in md and html', () => {
    const notes = ['Not started: extra_trees, random_forest; the search was stopped first.', `A note with ${HOSTILE}`];
    const input: ReportInput = { ...classificationInput(), notes };
    const md = renderMarkdown(input);
    const search = md.slice(md.indexOf('## Search progress'), md.indexOf('## Evaluation'));
    expect(search).toContain('### Notes from the search\n\n- Not started: extra_trees, random_forest; the search was stopped first.\n- A note with &lt;img');
    expect(md).not.toContain('<img');
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html).toContain('<h3>Notes from the search</h3>\n<ul class="notes"><li>Not started: extra_trees, random_forest; the search was stopped first.</li><li>A note with &lt;img');
    const bare = renderMarkdown({ ...input, trials: [] });
    expect(bare).toContain('No trials were recorded.\n\n### Notes from the search');
    expect(renderHtml({ ...input, trials: [] })).toContain('<p class="empty">No trials were recorded.</p>\n<h3>Notes from the search</h3>');
    expect(renderMarkdown(classificationInput())).not.toContain('Notes from the search');
    expect(renderMarkdown({ ...classificationInput(), notes: [] })).not.toContain('Notes from the search');
  });

  it('translates the known notes in a zh report', () => {
    const notes = [
      'Not searched: naive_bayes needs text features (a text column); this data has none.',
      "Imbalanced classes: 'balanced' sample weights were searched as a choice.",
      'Not started: extra_trees, random_forest; the search was stopped first.',
      "The final refit on all rows did not finish within the budget; the model is the best trial's own model, trained on the validation split's 12800 training rows; a resumed session replaces it by a complete fit that scores as well.",
    ];
    const input: ReportInput = { ...classificationInput({ lang: 'zh' }), notes };
    const md = renderMarkdown(input);
    const part = md.slice(md.indexOf('### 搜索说明'), md.indexOf('## 留出集评估'));
    expect(part.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- 未搜索：naive_bayes 需要文本特征（文本列），而此数据没有。',
      "- 类别不平衡：'balanced' 样本权重作为一个可选项参与了搜索。",
      '- 未启动：extra_trees、random_forest；搜索先被停止了。',
      '- 在全部行上的最终重新训练未能在预算内完成；模型为最佳试验自己的模型，训练数据为验证划分的 12800 条训练行；之后续跑的会话会用得分相当的完整训练模型替换它。',
    ]);
    expect(renderHtml(input)).toContain('<h3>搜索说明</h3>\n<ul class="notes"><li>未搜索：naive_bayes 需要文本特征');
  });

  it('labels the budget as the last session\'s and the wall time and trials as all sessions\', and marks tune-session trials', () => {
    const base = classificationInput();
    const trials = [
      ...base.trials.slice(0, 3),
      { id: 0, learner: 'gbdt', elapsedSeconds: 500, score: 0.99, status: 'ok' as const, session: 'tune-1' },
    ];
    const input: ReportInput = { ...base, trials, repro: { ...base.repro, sessions: 3, budgetSeconds: 4, wallSeconds: 11.93, trials: 364 } };
    const md = renderMarkdown(input);
    const repro = mdTableAfter(md, '## Reproducibility').map(cells);
    expect(repro).toContainEqual(['Time budget', '4 s (last of 3 sessions)']);
    expect(repro).toContainEqual(['Trial limit', 'none (last of 3 sessions)']);
    expect(repro).toContainEqual(['Search wall time', '11.9 s (all 3 sessions)']);
    expect(repro).toContainEqual(['Trials', '364 (all 3 sessions)']);
    expect(md).toContain('The run had 3 search sessions; their times are laid end to end');
    expect(mdTableAfter(md, '### Improvements').map(cells).at(-1)).toEqual(['tune-1 #0', 'gbdt', '500', '0.9900']);
    const html = renderHtml(input);
    expect(html).toContain('<div><dt>Time budget</dt><dd><code>4 s (last of 3 sessions)</code></dd></div>');
    expect(html).toContain('tune-1 #0 gbdt 0.9900');
    const zh = mdTableAfter(renderMarkdown({ ...input, lang: 'zh' }), '## 可复现信息').map(cells);
    expect(zh).toContainEqual(['时间预算', '4 秒（3 个会话中的最后一个）']);
    expect(zh).toContainEqual(['搜索实际耗时', '11.9 秒（全部 3 个会话）']);
    // One session: as before.
    const one = mdTableAfter(renderMarkdown(base), '## Reproducibility').map(cells);
    expect(one).toContainEqual(['Time budget', '60 s']);
    expect(one).toContainEqual(['Search wall time', '61.7 s']);
  });
});

describe('the same number prints the same way, each configuration once, and the model explained', () => {
  it('prints RMSE and MAE in the residuals table as in the metrics table', () => {
    const base = regressionInput({ n: 200, lang: 'en' });
    const reg = base.evaluation!.regression!;
    const scale = (xs: number[]) => xs.map((v) => v * 5000);
    const actual = scale(reg.actual);
    const predicted = scale(reg.predicted);
    const s = residualStats(actual, predicted);
    const input: ReportInput = {
      ...base,
      evaluation: { ...base.evaluation!, metrics: [{ name: 'rmse', value: s.rmse }, { name: 'mae', value: s.mae }], regression: { actual, predicted } },
    };
    const md = renderMarkdown(input);
    const metrics = Object.fromEntries(mdTableAfter(md, '## Evaluation on held-out data').map(cells));
    const residuals = Object.fromEntries(mdTableAfter(md, '### Residuals').map(cells));
    expect(s.rmse!).toBeGreaterThan(10000); // where 4 significant digits and one decimal differ
    expect(residuals.RMSE).toBe(metrics.rmse);
    expect(residuals.MAE).toBe(metrics.mae);
    const html = renderHtml(input);
    expect(html).toContain(`<tr><td>RMSE</td><td class="num">${metrics.rmse}</td></tr>`);
    expect(html).toContain(`<tr><td>mae</td><td class="num">${metrics.mae}</td></tr>`);
    expect(html).toContain(`<tr><td>MAE</td><td class="num">${metrics.mae}</td></tr>`);
  });

  it('shows a configuration the search ran twice once, with a trial count, and counts hidden rows by configuration', () => {
    const base = classificationInput();
    const ridge = (alpha: number, cvScore: number) => ({ learner: 'ridge', params: { alpha }, cvScore, cvStd: 0.01, fitSeconds: 0.1 });
    const twice: ReportInput = { ...base, leaderboard: [ridge(0.631, 0.9), ridge(0.631, 0.9), ridge(0.4467, 0.8), ridge(0.44668359215096304, 0.8), ridge(0.3981, 0.7)] };
    const rows = mdTableAfter(renderMarkdown(twice), '## Leaderboard').map(cells);
    expect(rows.map((r) => [r[0], r[2], r[5]])).toEqual([
      ['1', 'alpha=0.631', '2'],
      ['2', 'alpha=0.4467', '2'],
      ['3', 'alpha=0.3981', '1'],
    ]);
    expect(renderMarkdown(twice)).toContain('| # | Learner | Parameters | CV score (macro_f1) | Fit time (s) | Trials |');
    const html = renderHtml(twice);
    assertBalanced(html);
    const lb = html.slice(html.indexOf('class="leaderboard"'), html.indexOf('</table>', html.indexOf('class="leaderboard"')));
    expect(lb.match(/<tr>/g)).toHaveLength(4);
    // No repeats: no trial column.
    expect(renderMarkdown(base)).not.toContain('| Fit time (s) | Trials |');
    // 31 distinct configurations, each run twice: one more (distinct) row than shown.
    const many: ReportInput = { ...base, leaderboard: Array.from({ length: 31 }, (_, i) => [ridge(i + 1, 1 - i / 100), ridge(i + 1, 1 - i / 100)]).flat() };
    expect(renderMarkdown(many)).toContain('1 more row not shown.');
  });

  it('says "1 fresh split" and "(seed 0, 120 rows)" in English, and prints float noise in the importance as 0', () => {
    const base = regressionInput({ lang: 'en' });
    const input: ReportInput = {
      ...base,
      revalidation: { ...base.revalidation!, repeats: 1 },
      evaluation: { ...base.evaluation!, split: 'seeded 20% holdout (seed 0) (120 rows)' },
      importance: { method: 'permutation (rmse rise, 3 repeats, 120 rows)', features: [{ name: 'a', importance: 0.5, std: 0.02 }, { name: 'b', importance: -3.7e-17, std: 0.005103 }] },
    };
    const md = renderMarkdown(input);
    expect(md).toContain('scored again on 1 fresh 5-fold split of the training rows');
    expect(md).not.toContain('split(s)');
    expect(md).toContain('Split: seeded 20% holdout (seed 0, 120 rows)');
    expect(mdTableAfter(md, '## Feature importance').map(cells)[1]).toEqual(['2', 'b', '0 ± 0.005103']);
    expect(md).toContain('All 2 features, scored and sorted by permutation (rmse rise, 3 repeats, 120 rows).');
    const html = renderHtml(input);
    expect(html).not.toContain('e-17');
    expect(html).toContain('<title>b: 0 ± 0.005103</title>');
  });

  it('says an ensemble was kept because it beat the best single configuration, and what the importance of a text column is', () => {
    const base = classificationInput();
    const input: ReportInput = {
      ...base,
      importance: { method: 'permutation (macro_f1 drop, 3 repeats, 80 rows)', features: [{ name: 'title', importance: 0.8552, std: 0.03 }] },
      pipeline: { ...base.pipeline!, validation: { score: 0.8141, kind: 'cv', folds: 5, rescored: false, bestSingleScore: 0.8094 } },
    };
    const md = renderMarkdown(input);
    const pipeline = md.slice(md.indexOf('## Best pipeline'));
    expect(pipeline).toContain(
      '**Validation score** (macro_f1): 0.8141 (5-fold cross-validation)\n\nThe ensemble was kept because it beat the best single configuration scored on the same validation rows: macro_f1 0.8141 against 0.8094.',
    );
    expect(md).toContain("The only feature, scored by permutation (macro_f1 drop, 3 repeats, 80 rows).");
    expect(md).toContain("The text column 'title' is measured as a whole");
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html).toContain('<p class="validation">The ensemble was kept because it beat the best single configuration');
    expect(html).toContain('<p class="note">The text column &#39;title&#39; is measured as a whole');
    const zh = renderMarkdown({ ...input, lang: 'zh' });
    expect(zh).toContain('保留集成模型，是因为它在同一批验证行上的得分优于最佳单一配置：macro_f1 0.8141，而最佳单一配置为 0.8094。');
    expect(zh).toContain("文本列 'title' 按整列计算重要性");
    // A single model: no such sentence.
    expect(renderMarkdown({ ...input, pipeline: { ...input.pipeline!, ensemble: null } })).not.toContain('The ensemble was kept');
  });

  it('shows the top terms of each text block per class (or raising / lowering the prediction), escaped, in the report language', () => {
    const base = classificationInput();
    const labels = base.evaluation!.classification!.labels;
    const input: ReportInput = {
      ...base,
      topTerms: {
        learners: ['linear_svm', 'naive_bayes'],
        share: 0.8,
        columns: [{ column: 'title', tokens: 'char', groups: labels.map((l, i) => ({ label: l, terms: i === 0 ? [{ term: '季后赛', weight: 1 }, { term: 'a|<b>', weight: 0.5 }] : [] })) }],
      },
    };
    const md = renderMarkdown(input);
    expect(md).toContain('### Top terms\n\ntitle, character n-grams: the terms with the largest weights for each class in the linear part of the model (linear_svm + naive_bayes, 80% of its weight), strongest first.');
    expect(md).toContain(`| ${labels[0]} | 季后赛, a\\|&lt;b&gt; |`);
    expect(md).toContain(`| ${labels[1]} | – |`);
    const html = renderHtml(input);
    assertBalanced(html);
    expect(html).toContain('<h3>Top terms</h3>');
    expect(html).toContain('<td>季后赛, a|&lt;b&gt;</td>');
    const zh = renderMarkdown({ ...input, lang: 'zh' });
    expect(zh).toContain('### 关键词项\n\ntitle（字符 n 元组）：模型线性部分（linear_svm + naive_bayes，占模型权重的 80%）中对各类别权重最大的词项');
    expect(zh).toContain('| 类别 | 词项 |');
    expect(zh).toContain('季后赛、a\\|&lt;b&gt;');
    const reg = regressionInput({ lang: 'en' });
    const regMd = renderMarkdown({ ...reg, topTerms: { learners: ['ridge'], share: 1, columns: [{ column: 'notes', tokens: 'word', groups: [{ label: 'higher', terms: [{ term: 'sea view', weight: 1 }] }, { label: 'lower', terms: [{ term: 'noisy', weight: 0.4 }] }] }] } });
    expect(regMd).toContain('notes, word n-grams: the terms whose weights raise or lower the prediction most');
    expect(regMd).toContain('| Effect | Terms |\n| --- | --- |\n| raise the prediction | sea view |');
    expect(regMd).toContain('| lower the prediction | noisy |');
    // None given (older evaluation.json): no section. No importance: the terms are still shown.
    expect(renderMarkdown(base)).not.toContain('Top terms');
    expect(renderMarkdown({ ...input, importance: null })).toContain('### Top terms');
  });

  it('gives the chart tooltips of trials without a score in the report language, and a caption that matches the learner table', () => {
    const base = classificationInput({ lang: 'zh' });
    const html = renderHtml(base);
    const failed = base.trials.find((t) => t.status === 'failed')!;
    const pruned = base.trials.find((t) => t.status === 'pruned')!;
    expect(html).toContain(`<title>#${failed.id} ${failed.learner} 失败</title>`);
    expect(html).toContain(`<title>#${pruned.id} ${pruned.learner} 被剪枝</title>`);
    expect(html).not.toMatch(/<title>[^<]* (failed|pruned)<\/title>/);
    // A trial cut at its time limit is neither failed nor pruned, in the chart as in the learner table.
    const trials: ReportInput['trials'] = [
      { id: 1, learner: 'gbdt', elapsedSeconds: 1, score: 0.8, status: 'ok' },
      { id: 2, learner: 'gbdt', elapsedSeconds: 2, score: null, status: 'failed' },
    ];
    const learners: ReportInput['learners'] = [{ learner: 'gbdt', trials: 2, failed: 0, timedOut: 1, fitSeconds: 1, best: { params: {}, cvScore: 0.8, cvStd: null } }];
    const cut: ReportInput = { ...base, trials, learners };
    const cutHtml = renderHtml(cut);
    expect(cutHtml).toContain('<title>#2 gbdt 到时中止</title>');
    expect(cutHtml).toContain('时间轴上的红色短线为 1 次没有得分的试验（1 次到时中止）。');
    expect(renderMarkdown(cut)).toContain('2 (1 次到时中止)');
    expect(renderMarkdown(cut)).not.toContain('失败');
    expect(renderMarkdown({ ...cut, lang: 'en' })).toContain('Red ticks on the time axis are the 1 trial without a score (1 cut at the time limit). Charts are in the HTML report.');
  });
});
