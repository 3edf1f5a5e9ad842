/**
 * Accuracy suite (needs ../shared/data): short budgeted searches on the fixed splits, scored on
 * the test split. Budgets are small so the whole file stays around two minutes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate/evaluate.js';
import { searchModel } from './automl.js';
import { loadSharedCase } from './testing/shared-cases.js';

const tmp = mkdtempSync(join(tmpdir(), 'askml-shared-'));

async function run(name: string, budgetSeconds: number): Promise<{ metrics: Record<string, number | null>; wall: number }> {
  const c = await loadSharedCase(name);
  const t0 = Date.now();
  const r = await searchModel({
    train: c.train,
    target: c.target,
    task: c.task,
    metric: c.metric,
    budgetSeconds,
    seed: 0,
    parallelism: 2,
    runDir: join(tmp, name),
  });
  const wall = (Date.now() - t0) / 1000;
  const ev = evaluate({ model: r.model, test: c.test, importance: false });
  return { metrics: Object.fromEntries(ev.metrics.map((m) => [m.name, m.value])), wall };
}

describe('AutoML on the shared datasets (short budgets)', () => {
  it('titanic in 10 s', async () => {
    const r = await run('titanic', 10);
    // A floor, not the benchmark (bench/RESULTS.md: 0.80-0.82): a timed search on a loaded 2-core
    // machine gets fewer trials (0.7748 once during a CI run beside other work; the majority class is 0.618).
    expect(r.metrics.accuracy).toBeGreaterThanOrEqual(0.77);
    expect(r.wall).toBeLessThanOrEqual(12);
  });

  it('penguins in 10 s', async () => {
    const r = await run('penguins', 10);
    expect(r.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.wall).toBeLessThanOrEqual(12);
  });

  it('diabetes in 10 s', async () => {
    const r = await run('diabetes', 10);
    expect(r.metrics.rmse).toBeLessThanOrEqual(62);
    expect(r.wall).toBeLessThanOrEqual(12);
  });

  it('thucnews titles in 30 s: macro-F1 >= 0.86', async () => {
    const r = await run('thucnews', 30);
    expect(r.metrics.macro_f1).toBeGreaterThanOrEqual(0.86);
    expect(r.wall).toBeLessThanOrEqual(32);
  });
});
