/**
 * Paired A/B of a search option on K random 80/20 splits of one dataset from ../shared/data.
 * The fixed splits of bench/automl.ts have 69-179 test rows on the small datasets, so one row
 * moves accuracy by 0.6-1.4 points; a change to model selection is judged here instead, on the
 * mean paired difference and its standard error.
 *
 *   node --import tsx bench/resplit.ts --dataset diabetes [--budget 20] [--splits 6] [--option revalidate]
 *
 * --option names a boolean option of searchModel (default revalidate); "on" runs it true,
 * "off" false, on the same split with the same seed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchModel, type SearchModelOptions } from '../src/search/automl.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { SHARED_DATA } from '../src/search/testing/shared-cases.js';
import { loadTable } from '../src/data/load.js';
import { takeRows } from '../src/data/frame.js';
import { createRng, permutation } from '../src/util/random.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const name = arg('dataset', 'diabetes');
const budget = Number(arg('budget', '20'));
const K = Number(arg('splits', '6'));
const option = arg('option', 'revalidate') as keyof SearchModelOptions;
const meta = JSON.parse(readFileSync(join(SHARED_DATA, `${name}.json`), 'utf8')) as { target: string; task: 'binary' | 'multiclass' | 'regression' };
const { frame } = await loadTable(join(SHARED_DATA, `${name}.csv`));
const reg = meta.task === 'regression';
const metric = reg ? 'rmse' : 'accuracy';
const res: Record<'on' | 'off', number[]> = { on: [], off: [] };
for (let s = 0; s < K; s++) {
  const perm = permutation(frame.nRows, createRng(1000 + s));
  const nt = Math.round(frame.nRows * 0.2);
  const test = takeRows(frame, perm.slice(0, nt));
  const train = takeRows(frame, perm.slice(nt));
  const line: string[] = [];
  for (const v of ['on', 'off'] as const) {
    const runDir = join(mkdtempSync(join(tmpdir(), 'askml-resplit-')), 'run');
    const r = await searchModel({ train, target: meta.target, task: meta.task, metric, budgetSeconds: budget, parallelism: 2, seed: s, runDir, [option]: v === 'on' });
    const m = evaluate({ model: r.model, test, importance: false }).metrics.find((x) => x.name === metric)!.value!;
    res[v].push(m);
    line.push(`${v} ${m.toFixed(4)}`);
  }
  console.log(`${name} split ${s}: ${line.join('  ')}`);
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const d = res.on.map((x, i) => x - res.off[i]);
const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean(d)) ** 2, 0) / Math.max(1, K - 1));
console.log(`${name} ${metric} at ${budget} s over ${K} splits: ${option} on ${mean(res.on).toFixed(4)}, off ${mean(res.off).toFixed(4)}, on - off ${mean(d).toFixed(4)} (standard error ${(sd / Math.sqrt(K)).toFixed(4)})`);
