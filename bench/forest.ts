/**
 * Forest benchmark: askml `random_forest` / `extra_trees` (binned, 255 bins) vs scikit-learn
 * RandomForest / ExtraTrees (exact splits), one thread, identical arrays, default-like params
 * (max_features sqrt for classification, 1.0 for regression; fully grown trees).
 *
 *   node --import tsx bench/forest.ts [letter,diamonds] [--trees N]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchData } from './gbdt.data.js';
import { getLearner } from '../src/learners/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Row {
  peer: string;
  model: string;
  dataset: string;
  fit_s: number;
  metric: string;
  score: number;
  peak_mb: number;
}

async function runOurs(name: string, model: string, trees: number): Promise<Row> {
  const d = benchData(name);
  const m = d.meta;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const X = { kind: 'dense' as const, rows: m.trainRows, cols: m.cols, data: d.xtr };
  const Xt = { kind: 'dense' as const, rows: m.testRows, cols: m.cols, data: d.xte };
  const t0 = performance.now();
  const fitted = await getLearner(model).fit(X, { task: m.task, y: d.ytr, nClasses: m.nClasses }, { n_estimators: trees }, { seed: 0 });
  const fit_s = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const p = fitted.predict(Xt);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += m.task === 'regression' ? (p[i] - d.yte[i]) ** 2 : p[i] === d.yte[i] ? 1 : 0;
  const reg = m.task === 'regression';
  return { peer: 'askml', model, dataset: name, fit_s, metric: reg ? 'rmse' : 'accuracy', score: reg ? Math.sqrt(s / p.length) : s / p.length, peak_mb: peak / 1048576 };
}

function child(cmd: string, args: string[]): Row {
  const out = execFileSync(cmd, args, { env: { ...process.env, OMP_NUM_THREADS: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as Row;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ti = args.indexOf('--trees');
  const trees = ti >= 0 ? Number(args[ti + 1]) : 100;
  if (args[0] === '--one') {
    console.log(JSON.stringify(await runOurs(args[1], args[2], trees)));
    return;
  }
  const names = (args[0] && !args[0].startsWith('--') ? args[0] : 'letter,diamonds').split(',');
  const rows: Row[] = [];
  for (const name of names) {
    benchData(name);
    for (const model of ['random_forest', 'extra_trees']) {
      const ours = child(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', name, model, '--trees', String(trees)]);
      const peer = child('/usr/bin/python3', [path.join(HERE, 'forest.py'), name, model, String(trees)]);
      rows.push(ours, peer);
      console.error(name, model, ours.fit_s.toFixed(2), peer.fit_s.toFixed(2), ours.score.toFixed(4), peer.score.toFixed(4));
    }
  }
  console.log(`\n| dataset | model | engine | fit s | vs sklearn | test score | peak MB |\n|---|---|---|---:|---:|---|---:|`);
  for (const r of rows) {
    const ref = rows.find((x) => x.dataset === r.dataset && x.model === r.model && x.peer === 'sklearn')!;
    console.log(`| ${r.dataset} | ${r.model} | ${r.peer} | ${r.fit_s.toFixed(2)} | ${(r.fit_s / ref.fit_s).toFixed(2)} | ${r.metric} ${r.score.toFixed(4)} | ${r.peak_mb.toFixed(0)} |`);
  }
}

await main();
