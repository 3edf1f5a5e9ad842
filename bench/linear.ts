/**
 * Linear-model benchmark against scikit-learn on the identical TF-IDF matrices.
 *
 *   node --import tsx bench/linear.ts            # runs bench/linear.py first (builds bench/.data)
 *   node --import tsx bench/linear.ts --no-peer  # reuse bench/.data and the last peer results
 *
 * bench/linear.py (with /usr/bin/python3, OMP_NUM_THREADS=1) builds thucnews char 1-2-gram
 * TF-IDF (min_df 2, sublinear tf, l2) and spam_assassin word TF-IDF, writes them as raw arrays
 * and times LinearSVC / LogisticRegression / ComplementNB. Fit times are the best of 5 on both
 * sides, wall clock and CPU time (process user+system; the ratio uses CPU time, which is far
 * steadier than wall time on a shared, loaded machine). Prints one table: fit seconds, CPU
 * ratio to the peer, accuracy, macro-F1 and log-loss (of predictProba) on test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/learners/index.js';
import { getLearner } from '../src/learners/registry.js';
import type { CsrMatrix, Params, Target } from '../src/learners/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '.data');
const peerFile = path.join(dataDir, 'linear-peer.json');

function loadCsr(name: string): { X: CsrMatrix; y: Float64Array; nClasses: number } {
  const meta = JSON.parse(readFileSync(path.join(dataDir, `${name}.json`), 'utf8'));
  const buf = (ext: string) => {
    const b = readFileSync(path.join(dataDir, `${name}.${ext}.bin`));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  const X: CsrMatrix = {
    kind: 'csr',
    rows: meta.rows,
    cols: meta.cols,
    indptr: new Int32Array(buf('indptr')),
    indices: new Int32Array(buf('indices')),
    data: new Float64Array(buf('data')),
  };
  return { X, y: new Float64Array(buf('labels')), nClasses: meta.classes.length };
}

function scores(yTrue: Float64Array, yPred: Float64Array, k: number): { accuracy: number; macroF1: number } {
  const tp = new Float64Array(k);
  const fp = new Float64Array(k);
  const fn = new Float64Array(k);
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === yPred[i]) {
      ok++;
      tp[yTrue[i]]++;
    } else {
      fp[yPred[i]]++;
      fn[yTrue[i]]++;
    }
  }
  let f1 = 0;
  for (let c = 0; c < k; c++) f1 += tp[c] === 0 ? 0 : (2 * tp[c]) / (2 * tp[c] + fp[c] + fn[c]);
  return { accuracy: ok / yTrue.length, macroF1: f1 / k };
}

// linear_svm twice: with its default tolerance (liblinear's 0.1) against LinearSVC at 0.1 and at
// scikit-learn's default 1e-4, and at 1e-4 against LinearSVC's default (same work on both sides).
const cases: { data: string; learner: string; params: Params; peer: string }[] = [
  { data: 'thucnews', learner: 'linear_svm', params: { C: 1, class_weight: 'none' }, peer: 'LinearSVC tol=0.1' },
  { data: 'thucnews', learner: 'linear_svm', params: { C: 1, class_weight: 'none' }, peer: 'LinearSVC' },
  { data: 'thucnews', learner: 'linear_svm', params: { C: 1, class_weight: 'none', tol: 1e-4 }, peer: 'LinearSVC' },
  { data: 'thucnews', learner: 'logistic_regression', params: { C: 10, class_weight: 'none' }, peer: 'LogisticRegression' },
  { data: 'thucnews', learner: 'naive_bayes', params: { variant: 'complement', alpha: 1 }, peer: 'ComplementNB' },
  { data: 'spam_assassin', learner: 'linear_svm', params: { C: 1, class_weight: 'none' }, peer: 'LinearSVC tol=0.1' },
  { data: 'spam_assassin', learner: 'linear_svm', params: { C: 1, class_weight: 'none' }, peer: 'LinearSVC' },
  { data: 'spam_assassin', learner: 'linear_svm', params: { C: 1, class_weight: 'none', tol: 1e-4 }, peer: 'LinearSVC' },
  { data: 'spam_assassin', learner: 'naive_bayes', params: { variant: 'complement', alpha: 1 }, peer: 'ComplementNB' },
];

async function main(): Promise<void> {
  if (!process.argv.includes('--no-peer') || !existsSync(peerFile)) {
    const out = execFileSync('/usr/bin/python3', [path.join(here, 'linear.py')], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      maxBuffer: 1 << 26,
    });
    writeFileSync(peerFile, out);
  }
  const peer = JSON.parse(readFileSync(peerFile, 'utf8'));
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const rows: string[] = [];
  rows.push('| data | learner | fit s | fit CPU s | peer | peer fit s | peer fit CPU s | CPU ratio | accuracy | macro-F1 | log-loss | peer acc | peer macro-F1 |');
  rows.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of cases) {
    if (only && !c.learner.includes(only)) continue;
    const tr = loadCsr(`linear-${c.data}-train`);
    const te = loadCsr(`linear-${c.data}-test`);
    const y: Target = { task: tr.nClasses === 2 ? 'binary' : 'multiclass', y: tr.y, nClasses: tr.nClasses };
    const learner = getLearner(c.learner);
    let best = Infinity;
    let bestCpu = Infinity;
    let model = null;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      model = await learner.fit(tr.X, y, c.params, { seed: 0 });
      const cpu = process.cpuUsage(c0);
      best = Math.min(best, (performance.now() - t0) / 1000);
      bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
    }
    const s = scores(te.y, model!.predict(te.X), tr.nClasses);
    const proba = model!.predictProba!(te.X);
    let logLoss = 0;
    for (let i = 0; i < te.X.rows; i++) logLoss -= Math.log(Math.max(1e-15, proba[i * tr.nClasses + te.y[i]])) / te.X.rows;
    const p = peer[c.data][c.peer];
    rows.push(
      `| ${c.data} | ${c.learner}${c.params.tol ? ` tol=${c.params.tol}` : ''} | ${best.toFixed(3)} | ${bestCpu.toFixed(3)} | ${c.peer} | ${p.fit_s.toFixed(3)} | ` +
        `${p.fit_cpu_s.toFixed(3)} | ${(bestCpu / p.fit_cpu_s).toFixed(2)} | ` +
        `${s.accuracy.toFixed(4)} | ${s.macroF1.toFixed(4)} | ${logLoss.toFixed(3)} | ${p.accuracy.toFixed(4)} | ${p.macro_f1.toFixed(4)} |`,
    );
    console.error(rows[rows.length - 1], JSON.stringify(model!.info?.() ?? {}));
  }
  console.log(rows.join('\n'));
}

await main();
