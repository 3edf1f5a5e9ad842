/** Result answers keep long names that share a prefix distinguishable (re-audit: every row read 'the_quarterly_customer_account_…'). */
import { describe, expect, it } from 'vitest';
import { answerResultTopic, type ResultFacts } from './result-answer.js';

const prefix = 'the_quarterly_customer_account_balance_measured_at_the_end_of_the_fiscal_period';
const facts = {
  result: { task_type: 'binary', plan: { target: 'y' }, artifacts: { report: null } },
  evaluation: {
    task: 'binary',
    rows: 100,
    primary: { name: 'accuracy', value: 0.8 },
    importance: {
      rows: 100,
      repeats: 3,
      complete: true,
      columns: [1, 2, 3].map((q, i) => ({ column: `${prefix}_q${q}`, mean: 0.1 - i * 0.01, std: 0.01 })),
    },
    confusion: { labels: [`${prefix}_a`, `${prefix}_b`], matrix: [[40, 10], [5, 45]] },
    perClass: [`${prefix}_a`, `${prefix}_b`].map((label) => ({ label, precision: 0.8, recall: 0.8, f1: 0.8, support: 50 })),
  },
} as unknown as ResultFacts;

describe('answerResultTopic with long names sharing a prefix', () => {
  it('importance, confusion matrix and per-class tables show each name differently', () => {
    const imp = answerResultTopic('importance', { lang: 'en', columns: [] }, facts);
    for (const q of ['_q1', '_q2', '_q3']) expect(imp).toContain(q);
    const cm = answerResultTopic('confusion', { lang: 'en', columns: [] }, facts);
    const pc = answerResultTopic('per_class', { lang: 'en', columns: [] }, facts);
    for (const text of [cm, pc]) {
      const rows = text.split('\n').filter((l) => l.startsWith('the_'));
      expect(rows).toHaveLength(2);
      expect(rows[0].trim().split(/\s+/)[0]).not.toBe(rows[1].trim().split(/\s+/)[0]);
    }
  });
});
