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
 *
 *   node --import tsx bench/resplit.ts --dataset diabetes --budget 60 --splits 6 --peer
 *
 * --peer compares askml's defaults with the reference table's scikit-learn best default instead
 * (bench/resplit_peer.py via /usr/bin/python3, fitted on the same splits): is a loss on the fixed
 * split a loss on average?
 */
import { execFileSync } from 'node:child_process';
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
const peer = args.includes('--peer');
const meta = JSON.parse(readFileSync(join(SHARED_DATA, `${name}.json`), 'utf8')) as { target: string; task: 'binary' | 'multiclass' | 'regression' };
const { frame } = await loadTable(join(SHARED_DATA, `${name}.csv`));
const reg = meta.task === 'regression';
const metric = reg ? 'rmse' : 'accuracy';
const res: Record<'on' | 'off', number[]> = { on: [], off: [] };
const testRows: number[][] = [];
for (let s = 0; s < K; s++) {
  const perm = permutation(frame.nRows, createRng(1000 + s));
  const nt = Math.round(frame.nRows * 0.2);
  const testIdx = perm.slice(0, nt);
  const test = takeRows(frame, testIdx);
  const train = takeRows(frame, perm.slice(nt));
  testRows.push(Array.from(testIdx));
  const line: string[] = [];
  for (const v of peer ? (['on'] as const) : (['on', 'off'] as const)) {
    const runDir = join(mkdtempSync(join(tmpdir(), 'askml-resplit-')), 'run');
    const opt = peer ? {} : { [option]: v === 'on' };
    const r = await searchModel({ train, target: meta.target, task: meta.task, metric, budgetSeconds: budget, parallelism: 2, seed: s, runDir, ...opt });
    const m = evaluate({ model: r.model, test, importance: false }).metrics.find((x) => x.name === metric)!.value!;
    res[v].push(m);
    line.push(`${v} ${m.toFixed(4)}`);
  }
  console.log(`${name} split ${s}: ${line.join('  ')}`);
}
if (peer) {
  const input = JSON.stringify({ dataset: name, splits: testRows });
  const out = execFileSync('/usr/bin/python3', [join(import.meta.dirname, 'resplit_peer.py')], { input, encoding: 'utf8' });
  res.off = JSON.parse(out) as number[];
  res.off.forEach((x, i) => console.log(`${name} split ${i}: askml ${res.on[i].toFixed(4)}  scikit-learn ${x.toFixed(4)}`));
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const d = res.on.map((x, i) => x - res.off[i]);
const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean(d)) ** 2, 0) / Math.max(1, K - 1));
const [a, b] = peer ? ['askml', 'scikit-learn'] : [`${option} on`, 'off'];
console.log(`${name} ${metric} at ${budget} s over ${K} splits: ${a} ${mean(res.on).toFixed(4)}, ${b} ${mean(res.off).toFixed(4)}, ${a} - ${b} ${mean(d).toFixed(4)} (standard error ${(sd / Math.sqrt(K)).toFixed(4)})`);
