/**
 * Gradient boosting benchmark: askml `gbdt` vs scikit-learn HistGradientBoosting and xgboost
 * hist, one thread each, identical arrays, 100 iterations, 31 leaves, 255 bins, lr 0.1, no early
 * stopping. Each (dataset, model) runs in its own process so peak RSS is per fit.
 *
 *   node --import tsx bench/gbdt.ts [letter,diamonds,higgs] [--no-xgb] [--iters N]
 *
 * Data: bench/gbdt.data.ts (written once to bench/.data/).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchData } from './gbdt.data.js';
import { getLearner } from '../src/learners/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Row {
  peer: string;
  dataset: string;
  fit_s: number;
  /** CPU seconds of the fit (user + system): less sensitive to a loaded machine. */
  cpu_s: number;
  metric: string;
  score: number;
  peak_mb: number;
}

function auc(p: Float64Array, y: Float64Array): number {
  const order = Array.from(p.keys()).sort((a, b) => p[a] - p[b]);
  let rankSum = 0;
  let pos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]] === p[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]] === 1) (rankSum += rank), pos++;
    i = j + 1;
  }
  const neg = order.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

async function runOurs(name: string, iters: number): Promise<Row> {
  const d = benchData(name);
  const m = d.meta;
  const X = { kind: 'dense' as const, rows: m.trainRows, cols: m.cols, data: d.xtr };
  const Xt = { kind: 'dense' as const, rows: m.testRows, cols: m.cols, data: d.xte };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = await getLearner('gbdt').fit(
    X,
    { task: m.task, y: d.ytr, nClasses: m.nClasses },
    { n_estimators: iters, num_leaves: 31, learning_rate: 0.1, max_bin: 255, min_child_samples: 20, reg_lambda: 0 },
    { seed: 0 },
  );
  const fit_s = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const cpu_s = (c1.user + c1.system) / 1e6;
  // Peak RSS of the process so far (like the peer's ru_maxrss); no sampling timer, whose
  // process.memoryUsage() calls would be billed to the fit's CPU time.
  const peak = process.resourceUsage().maxRSS * 1024;
  let metric: string;
  let score: number;
  if (m.task === 'regression') {
    const p = model.predict(Xt);
    let s = 0;
    for (let i = 0; i < p.length; i++) s += (p[i] - d.yte[i]) ** 2;
    metric = 'rmse';
    score = Math.sqrt(s / p.length);
  } else if (m.task === 'binary') {
    const pp = model.predictProba!(Xt);
    const p1 = new Float64Array(m.testRows);
    for (let i = 0; i < p1.length; i++) p1[i] = pp[2 * i + 1];
    metric = 'auc';
    score = auc(p1, d.yte);
  } else {
    const p = model.predict(Xt);
    let ok = 0;
    for (let i = 0; i < p.length; i++) if (p[i] === d.yte[i]) ok++;
    metric = 'accuracy';
    score = ok / p.length;
  }
  return { peer: 'askml', dataset: name, fit_s, cpu_s, metric, score, peak_mb: peak / 1048576 };
}

function child(args: string[], cmd: string): Row {
  const out = execFileSync(cmd, args, {
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = out.trim().split('\n').pop()!;
  return JSON.parse(line) as Row;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const itIdx = args.indexOf('--iters');
  const iters = itIdx >= 0 ? Number(args[itIdx + 1]) : 100;
  if (args[0] === '--one') {
    console.log(JSON.stringify(await runOurs(args[1], iters)));
    return;
  }
  const names = (args.find((a) => !a.startsWith('--') && a !== String(iters)) ?? 'letter,diamonds,higgs').split(',');
  const peers = args.includes('--no-xgb') ? ['sklearn'] : ['sklearn', 'xgboost'];
  const rows: Row[] = [];
  for (const name of names) {
    const d = benchData(name); // build the files before the peers read them
    const trees = iters * (d.meta.task === 'multiclass' ? d.meta.nClasses : 1);
    const work = d.meta.trainRows * d.meta.cols * trees;
    const self = fileURLToPath(import.meta.url);
    const ours = child(['--import', 'tsx', self, '--one', name, '--iters', String(iters)], process.execPath);
    const res = [ours, ...peers.map((p) => child([path.join(HERE, 'gbdt.py'), name, p, String(iters)], '/usr/bin/python3'))];
    const ref = res.find((r) => r.peer === 'sklearn')!;
    for (const r of res) {
      rows.push(r);
      console.error(
        [r.dataset.padEnd(9), r.peer.padEnd(8), r.fit_s.toFixed(2).padStart(7), (r.fit_s / ref.fit_s).toFixed(2).padStart(6),
          r.cpu_s.toFixed(2).padStart(7), (r.cpu_s / ref.cpu_s).toFixed(2).padStart(6),
          `${r.metric} ${r.score.toFixed(4)}`.padEnd(18), ((work / r.fit_s) / 1e6).toFixed(1).padStart(8), r.peak_mb.toFixed(0).padStart(6)].join(' | '),
      );
    }
  }
  console.log('\n| dataset | model | fit s (wall) | vs sklearn | fit s (CPU) | vs sklearn | test score | M row*feat*tree/s (wall) | peak MB |');
  console.log('|---|---|---:|---:|---:|---:|---|---:|---:|');
  for (const r of rows) {
    const d = benchData(r.dataset).meta;
    const trees = iters * (d.task === 'multiclass' ? d.nClasses : 1);
    const ref = rows.find((x) => x.dataset === r.dataset && x.peer === 'sklearn')!;
    console.log(
      `| ${r.dataset} | ${r.peer} | ${r.fit_s.toFixed(2)} | ${(r.fit_s / ref.fit_s).toFixed(2)} | ${r.cpu_s.toFixed(2)} | ${(r.cpu_s / ref.cpu_s).toFixed(2)} | ${r.metric} ${r.score.toFixed(4)} | ${((d.trainRows * d.cols * trees) / r.fit_s / 1e6).toFixed(1)} | ${r.peak_mb.toFixed(0)} |`,
    );
  }
}

await main();
