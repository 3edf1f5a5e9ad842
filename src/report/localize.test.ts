import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.js';
import { localizer } from './localize.js';
import { renderMarkdown } from './markdown.js';
import { classificationInput } from './test-fixtures.js';
import type { ReportInput } from './types.js';

/** A zh report with the strings the tools really produce (news titles and churn runs). */
function zhRun(extraWarning?: string): ReportInput {
  const base = classificationInput({ lang: 'zh' });
  return {
    ...base,
    profile: {
      ...base.profile,
      warnings: [
        '2 rows (0.50%) duplicate an earlier row.',
        "'customer_id' looks like an identifier (unique per row (800 distinct of 800)); it is not used as a feature.",
        'Classes are imbalanced (largest/smallest = 6.2); prefer macro-F1 or balanced accuracy.',
        "'age' is 55.0% missing.",
        ...(extraWarning ? [extraWarning] : []),
      ],
      columnSummaries: [
        { name: 'customer_id', semantic: 'categorical', role: 'id', missingShare: 0, distinct: 800, reason: 'unique per row (800 distinct of 800)' },
        { name: 'title', semantic: 'text', role: 'feature', missingShare: 0, distinct: 398, reason: null },
        { name: 'category', semantic: 'categorical', role: 'target', missingShare: 0, distinct: 10, reason: 'guessed target (name or last column)' },
      ],
    },
    plan: base.plan
      ? { ...base.plan, summary: 'multiclass · category · macro_f1 · 3s · text: title', assumptions: ['未指定评估指标；multiclass 任务使用 macro_f1。'] }
      : null,
    evaluation: base.evaluation ? { ...base.evaluation, split: 'seeded stratified 20% holdout (seed 0) (80 rows)' } : null,
    importance: base.importance ? { ...base.importance, method: 'permutation (macro_f1 drop, 3 repeats, 80 rows)' } : null,
    pipeline: base.pipeline
      ? {
          ...base.pipeline,
          steps: [
            { name: 'linear: tfidf', columns: ['title'], reason: 'title: zh text -> char 1-3 gram TF-IDF (sublinear, min_df 2)' },
            { name: 'linear: tfidf', columns: ['title'], reason: 'title: zh text -> jieba word 1 gram TF-IDF (sublinear, min_df 2, max 200000 terms)' },
            { name: 'linear: numeric', columns: ['age'], reason: 'age: numeric -> median impute + missing indicator, standardised' },
            { name: 'linear: one_hot', columns: ['plan'], reason: 'plan: 3 categories (categorical by request) -> one-hot (min count 2, at most 100; rare/unseen -> __other__)' },
            { name: 'tree: numeric', columns: ['age'], reason: 'numeric: none impute' },
            {
              name: 'tree: ordinal',
              columns: ['region'],
              reason: "region: ordinal codes in order of the category's effect on the target, other columns held fixed: north < west < east < south (unseen -> other code, missing -> NaN)",
            },
            { name: 'linear: datetime_parts', columns: ['signup'], reason: 'signup: datetime -> year, month, day of week, hour (if timed), weekend, days since training start, imputed and standardised' },
          ],
        }
      : null,
  };
}

const ENGLISH_PHRASES = [
  'duplicate an earlier row',
  'looks like an identifier',
  'unique per row',
  'not used as a feature',
  'largest/smallest',
  'missing.',
  'guessed target',
  'seeded',
  'holdout',
  'rows)',
  'permutation',
  'drop,',
  'repeats',
  'gram TF-IDF',
  'sublinear',
  'median impute',
  'missing indicator',
  'standardised',
  'categories',
  'one-hot',
  'none impute',
  'ordinal codes',
  'held fixed',
  'unseen',
  'datetime ->',
  'multiclass ·',
  '· 3s',
  '| text |',
  '| feature |',
];

describe('zh report: tool strings are translated', () => {
  it('renders the known phrases in Chinese in Markdown', () => {
    const md = renderMarkdown(zhRun());
    for (const p of ENGLISH_PHRASES) expect(md, p).not.toContain(p);
    expect(md).toContain('2 行（0.50%）与前面的某一行完全相同。');
    expect(md).toContain("'customer_id' 看起来是标识列（每行取值唯一：800 个非缺失值中有 800 个不同值）；不作为特征使用。");
    expect(md).toContain('推断的目标列（按列名或最后一列）');
    expect(md).toContain('划分：按固定种子分层留出 20% 作为测试集（种子 0，80 行）');
    expect(md).toContain('置换重要性（macro_f1 的下降，重复 3 次，80 行）');
    expect(md).toContain('title：中文文本 -&gt; 字符 1-3 元 TF-IDF（次线性词频，min_df 2）');
    expect(md).toContain('age：数值 -&gt; 中位数填补 + 缺失指示列，标准化');
    expect(md).toContain('多分类 · category · macro_f1 · 3 秒 · 文本列：title');
    expect(md).toContain('north &lt; west &lt; east &lt; south');
    // Everything known: no "some notes are in English" remark.
    expect(md).not.toContain('仍为英文');
  });

  it('translates the same strings in HTML and keeps the role CSS class', () => {
    const html = renderHtml(zhRun());
    expect(html).toContain('2 行（0.50%）与前面的某一行完全相同。');
    expect(html).toContain('按固定种子分层留出 20% 作为测试集（种子 0，80 行）');
    expect(html).toContain('class="role role-target">目标<');
    expect(html).not.toContain('duplicate an earlier row');
    expect(html).not.toContain('permutation (');
  });

  it('says once that some notes are in English when a string is unknown', () => {
    const md = renderMarkdown(zhRun('The moon is made of cheese, said the loader.'));
    expect(md).toContain('The moon is made of cheese');
    expect(md.match(/仍为英文/g)).toHaveLength(1);
    expect(renderHtml(zhRun('The moon is made of cheese.')).match(/仍为英文/g)).toHaveLength(1);
  });

  it('leaves English reports untouched', () => {
    const en = { ...zhRun(), lang: 'en' as const };
    const md = renderMarkdown(en);
    expect(md).toContain('2 rows (0.50%) duplicate an earlier row.');
    expect(md).toContain('seeded stratified 20% holdout (seed 0) (80 rows)');
  });

  it('translates other recurring shapes (leakage, eval notes, tree steps)', () => {
    const l = localizer('zh');
    expect(l.text("Likely target leakage: 'x' has correlation 0.9990 with 'y'. It is dropped from the features.")).toBe("疑似目标泄漏：'x' 与 'y' 的相关系数为 0.9990。已从特征中剔除。");
    expect(l.text('test file /d/test.csv (120 rows). 3 test rows have no target value and were left out.')).toBe('测试文件 /d/test.csv（120 行）。3 条测试行没有目标值，已排除。');
    expect(l.text('x: numeric, raw values (missing kept as NaN)')).toBe('x：数值，保留原始值（缺失保留为 NaN）');
    expect(l.text('city: 300 categories -> out-of-fold target encoding + frequency')).toBe('city：300 个类别 -> 折外目标编码 + 频数编码');
    expect(l.leftEnglish).toBe(false);
  });
});
