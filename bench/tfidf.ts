/**
 * TF-IDF speed: 100,000 thucnews titles (train + test titles replicated), char 1-2 gram,
 * sublinear tf, l2 norm, min_df 1 — askml's TfidfVectorizer vs scikit-learn's in the same run.
 *
 *   node --import tsx bench/tfidf.ts [ngramMax=2] [repeats=3]
 *
 * Prints one table (best of `repeats`); the ratio is sklearn time / askml time (> 1: askml faster).
 * Wall and CPU time are both shown: on a shared machine CPU time is the steadier comparison
 * (node's CPU time includes its GC helper threads).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Frame } from '../src/data/frame.js';
import type { CsrMatrix } from '../src/learners/types.js';
import { TfidfVectorizer } from '../src/features/text/tfidf.js';
import { readCsvColumns, repoRoot, sharedData } from './tfidf-data.js';

const N = 100_000;
const ngramMax = Number(process.argv[2] ?? 2);
const repeats = Number(process.argv[3] ?? 3);

const all = ['train.csv', 'test.csv'].flatMap((f) => readCsvColumns(path.join(sharedData, 'thucnews', f)).title);
const titles: string[] = [];
while (titles.length < N) titles.push(...all);
titles.length = N;
const frame: Frame = { nRows: N, columns: [{ name: 'title', type: 'text', values: titles }] };

let fitBest = Infinity;
let transformBest = Infinity;
let fitCpu = Infinity;
let transformCpu = Infinity;
const cpuS = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1e6;
let vocab = 0;
let nnz = 0;
for (let r = 0; r < repeats; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { fitted, block } = new TfidfVectorizer({ column: 'title', analyzer: 'char', ngram: [1, ngramMax], minDf: 1, sublinearTf: true }).fitTransform(frame, { seed: 0 });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  fitted.transform(frame);
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  fitCpu = Math.min(fitCpu, cpuS(c0, c1));
  transformCpu = Math.min(transformCpu, cpuS(c1, c2));
  fitBest = Math.min(fitBest, (t1 - t0) / 1000);
  transformBest = Math.min(transformBest, (t2 - t1) / 1000);
  vocab = fitted.vocabulary.length;
  nnz = (block.matrix as CsrMatrix).indices.length;
}

const py = JSON.parse(
  execFileSync('/usr/bin/python3', [path.join(repoRoot, 'bench/tfidf.py'), String(ngramMax), String(repeats)], { encoding: 'utf8' }),
) as { fit_transform_s: number; transform_s: number; fit_transform_cpu_s: number; transform_cpu_s: number; vocab: number; nnz: number };

const row = (name: string, a: number, b: number) => `| ${name} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(2)}x |`;
console.log(`TF-IDF char 1-${ngramMax} gram, ${N.toLocaleString('en')} titles, best of ${repeats} (node ${process.version})`);
console.log('| step | askml s | sklearn 1.2 s | sklearn / askml |');
console.log('|---|---|---|---|');
console.log(row('fit + transform (train)', fitBest, py.fit_transform_s));
console.log(row('transform (new data)', transformBest, py.transform_s));
console.log(row('fit + transform, CPU time', fitCpu, py.fit_transform_cpu_s));
console.log(row('transform, CPU time', transformCpu, py.transform_cpu_s));
console.log(`| vocabulary / nnz | ${vocab} / ${nnz} | ${py.vocab} / ${py.nnz} | ${vocab === py.vocab && nnz === py.nnz ? 'identical' : 'DIFFER'} |`);
