/** makePlan's budget: a given budget (askml run --budget) is named in the assumptions, and wins over the instruction's. */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../data/load.js';
import { profileFrame } from '../data/profile.js';
import type { Profile } from '../data/profile-schema.js';
import { makePlan, trialsOf } from './submit.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let churn: { profile: Profile; target_guess: string | null; task_guess: null };
let house: { profile: Profile; target_guess: string | null; task_guess: null };

async function profiled(file: string) {
  const { frame } = await loadTable(path.join(root, 'examples', file));
  const profile = profileFrame(frame, {});
  return { profile, target_guess: profile.target?.name ?? null, task_guess: null };
}

beforeAll(async () => {
  churn = await profiled('churn.csv');
  house = await profiled('house-prices.csv');
});

const budgetLines = (a: string[]) => a.filter((x) => /budget|预算|秒|--budget/.test(x));

describe('makePlan: where the time budget came from (audit #12)', () => {
  it('--budget with no budget in the instruction: says it came from --budget, not "no time budget given"', () => {
    const en = makePlan({ instructions: 'predict the house price, report RMSE', budgetSeconds: 5 }, house);
    expect(en.budget_seconds).toBe(5);
    expect(budgetLines(en.assumptions)).toEqual(['time budget 5s from --budget (the instruction gives none).']);
    const zh = makePlan({ instructions: '预测房价，用 RMSE', budgetSeconds: 8 }, house);
    expect(zh.budget_seconds).toBe(8);
    expect(budgetLines(zh.assumptions)).toEqual(['时间预算 8 秒，来自 --budget（指令中没有给出）。']);
  });

  it('--budget different from the instruction\'s budget: the flag wins and the plan says it overrode the instruction', () => {
    const en = makePlan({ instructions: 'predict which customers churn, optimise macro-F1, 1 minute', budgetSeconds: 5 }, churn);
    expect(en.budget_seconds).toBe(5);
    expect(budgetLines(en.assumptions)).toEqual(["--budget 5s overrides the instruction's '1 minute' (60s)."]);
    const zh = makePlan({ instructions: '预测客户是否流失，两分钟内', budgetSeconds: 5 }, churn);
    expect(zh.budget_seconds).toBe(5);
    expect(budgetLines(zh.assumptions)).toEqual(['--budget 指定的 5 秒覆盖了指令中的“两分钟”（120 秒）。']);
  });

  it('the same budget in both says nothing; no budget anywhere keeps the default assumption; the source can be renamed', () => {
    expect(budgetLines(makePlan({ instructions: 'predict churned in 1 minute', budgetSeconds: 60 }, churn).assumptions)).toEqual([]);
    const none = makePlan({ instructions: 'predict churned' }, churn);
    expect(none.budget_seconds).toBe(120);
    expect(budgetLines(none.assumptions)).toEqual(['no time budget given; using 120s.']);
    const stated = makePlan({ instructions: 'predict churned, 30 seconds' }, churn);
    expect(stated.budget_seconds).toBe(30);
    expect(budgetLines(stated.assumptions)).toEqual([]);
    const lib = makePlan({ instructions: 'predict churned', budgetSeconds: 7, budgetSource: 'budgetSeconds' }, churn);
    expect(budgetLines(lib.assumptions)).toEqual(['time budget 7s from budgetSeconds (the instruction gives none).']);
  });
});

describe('makePlan: an instruction budget under a second', () => {
  it('is an error alone, and replaced (with an assumption) when --budget is given', () => {
    expect(() => makePlan({ instructions: 'predict churned in 0.5 seconds' }, churn)).toThrow(expect.objectContaining({ code: 'BUDGET' }));
    const p = makePlan({ instructions: 'predict churned in 0.5 seconds', budgetSeconds: 2 }, churn);
    expect(p.budget_seconds).toBe(2);
    expect(p.assumptions).toContain("--budget 2s overrides the instruction's '0.5 seconds' (under the 1-second minimum).");
  });
});

describe('makePlan with a trial count (askml run --trials)', () => {
  it('says the search runs by trials, not by a budget it does not use', () => {
    const p = makePlan({ instructions: 'predict churned in 1 minute', maxTrials: 3 }, churn);
    expect(p.assumptions).toContain("the search runs 3 trials (reproducible) instead of the instruction's time budget '1 minute'.");
    expect(p.assumptions.join(' ')).not.toMatch(/time budget given|overrides/);
    expect(makePlan({ instructions: 'predict churned', maxTrials: 3 }, churn).assumptions).toContain('the search runs 3 trials (reproducible) instead of a time budget.');
    expect(makePlan({ instructions: '预测 churned，2 分钟', maxTrials: 3 }, churn).assumptions).toContain('按 3 次试验搜索（可复现），不按指令中的时间预算“2 分钟”。');
    expect(makePlan({ instructions: '预测 churned，0.5 秒', maxTrials: 3 }, churn).assumptions).toContain('按 3 次试验搜索（可复现），不按时间预算。');
  });
});

describe('trialsOf (the trial count a task searches)', () => {
  it('--trials, else the instruction unless --budget was given', () => {
    expect(trialsOf({ instructions: 'predict churned', maxTrials: 7 })).toBe(7);
    expect(trialsOf({ instructions: 'predict churned with 20 trials' })).toBe(20);
    expect(trialsOf({ instructions: 'predict churned with 20 trials', budgetSeconds: 30 })).toBeNull();
    expect(trialsOf({ instructions: 'predict churned in 30 seconds' })).toBeNull();
  });
});

describe('makePlan with --target naming another column than the instruction (audit)', () => {
  it('plans the task, metric and "only" list for the given target, and says the instruction suggested another', async () => {
    const churnData = await profiled('churn.csv');
    // "predict churned, report MAE" with --target monthly_fee: a regression with MAE, not accuracy.
    const mae = makePlan({ instructions: 'predict churned, report MAE', labelColumn: 'monthly_fee' }, churnData);
    expect([mae.target, mae.task_type, mae.metric]).toEqual(['monthly_fee', 'regression', 'mae']);
    expect(mae.assumptions.join(' ')).toContain("target set to 'monthly_fee' as given (the instruction suggested 'churned')");
    expect(mae.assumptions.join(' ')).not.toMatch(/inferred from target 'churned'|does not fit/);
    // "using only age and plan": the instruction's own target is not an input either
    const only = makePlan({ instructions: 'predict churned using only age and plan', labelColumn: 'monthly_fee' }, churnData);
    expect(only.excluded_columns).toContain('churned');
    expect(only.excluded_columns).not.toContain('age');
  });
});

describe('makePlan with the language of the conversation (the chat)', () => {
  it('an English instruction refined in Chinese gets a Chinese plan (audit: English assumptions under Chinese labels)', () => {
    const zh = makePlan({ instructions: 'predict churned, 3 seconds；不要用 region', lang: 'zh' }, churn);
    expect(zh.lang).toBe('zh');
    expect(zh.excluded_columns).toContain('region');
    expect(zh.assumptions.join(' ')).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.assumptions.join(' ')).not.toMatch(/inferred from target|no metric named/);
    expect(makePlan({ instructions: 'predict churned, 3 seconds；不要用 region' }, churn).lang).toBe('en');
  });
});

describe('makePlan with --target naming an identifier (audit)', () => {
  it('says the given target looks like an identifier', () => {
    const plan = makePlan({ instructions: 'predict it', labelColumn: 'customer_id' }, churn);
    expect(plan.target).toBe('customer_id');
    expect(plan.assumptions.join(' ')).toContain("'customer_id' looks like an identifier (almost every value distinct); it was given as the target");
  });
});

describe('makePlan on the shipped examples: lists of columns and learners (audit)', () => {
  it('a column word inside an exclusion list does not end it; named learners are searched alone', () => {
    expect(makePlan({ instructions: 'predict churned, exclude the contract type and age, 5 seconds' }, churn).excluded_columns).toEqual(['contract', 'age']);
    expect(makePlan({ instructions: 'predict price, ignore the district name and garage' }, house).excluded_columns).toEqual(['district', 'garage']);
    expect(makePlan({ instructions: '预测 churned，排除客户编号和套餐' }, churn).excluded_columns).toEqual(['customer_id', 'plan']);
    expect(makePlan({ instructions: 'predict churned with logistic regression only, 6 trials' }, churn).include_learners).toEqual(['logistic_regression']);
    expect(makePlan({ instructions: 'predict churned, use only random_forest' }, churn).include_learners).toEqual(['random_forest']);
    const svm = makePlan({ instructions: 'predict churned, use only linear_svm' }, churn);
    expect(svm.include_learners).toEqual(['linear_svm']);
    expect(svm.assumptions.join(' ')).not.toContain('not available');
  });

  it('Chinese targets by meaning: 房间数 is rooms, 车库 is garage', () => {
    expect(makePlan({ instructions: '预测房间数，5 秒' }, house).target).toBe('rooms');
    expect(makePlan({ instructions: '预测有没有车库' }, house).target).toBe('garage');
  });
});

describe('makePlan: contradictions are said (audit)', () => {
  it('an input both "only" and excluded is left out; --budget over an instruction trial count names it', () => {
    const p = makePlan({ instructions: 'predict churned using only age and tenure, exclude age, 5 seconds' }, churn);
    expect(p.excluded_columns).toContain('age');
    expect(p.assumptions).toContain("using only 'tenure_months' as inputs.");
    expect(p.assumptions).toContain("'age' was both named as an input to use only and asked to be excluded; left out.");
    const t = makePlan({ instructions: 'predict churned, 50 trials', budgetSeconds: 3 }, churn);
    expect(t.assumptions).toContain("--budget 3s replaces the instruction's '50 trials': the search runs by time, not by a trial count.");
  });
});

describe('makePlan: words that only look like requests (audit)', () => {
  it('an export the data came from is not an ONNX request; "it." and "the number of" are not columns; a column by meaning is named', () => {
    expect(makePlan({ instructions: 'predict churned; the file is an export from our CMS' }, churn).preferences.export_onnx).toBe(false);
    const p = makePlan({ instructions: "predict price. Region is not useful, please don't use it." }, house);
    expect(p.excluded_columns).toEqual(['district']);
    expect(p.assumptions).toContain("read 'Region' as column 'district'.");
    expect(p.assumptions.join(' ')).not.toContain("'it.'");
    const rooms = makePlan({ instructions: 'predict price, ignore the number of rooms' }, house);
    expect(rooms.excluded_columns).toEqual(['rooms']);
    expect(rooms.assumptions.join(' ')).not.toContain("'number'");
  });
});

describe('makePlan: a column word alone is still a name to report (review)', () => {
  it("'ignore count' on data without such a column says nothing matched it", () => {
    expect(makePlan({ instructions: 'predict churned, ignore count' }, churn).assumptions.join(' ')).toContain("asked to exclude 'count', but no column matches it");
  });
});
