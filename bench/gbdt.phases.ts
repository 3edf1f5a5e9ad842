/**
 * Phase timing for the GBDT on one bench dataset (binning vs boosting), CPU and wall:
 *   node --import tsx bench/gbdt.phases.ts diamonds [iters]
 */
import { benchData } from './gbdt.data.js';
import { applyBins, fitBins } from '../src/learners/tree/binning.js';
import { getLearner } from '../src/learners/index.js';

const name = process.argv[2] ?? 'diamonds';
const iters = Number(process.argv[3] ?? 100);
const d = benchData(name);
const m = d.meta;
const cpu = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
let c0 = process.cpuUsage();
let t0 = performance.now();
const mapper = await fitBins(d.xtr, m.trainRows, m.cols, { maxBins: 255, seed: 0 });
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
c0 = process.cpuUsage();
await applyBins(d.xtr, m.trainRows, m.cols, mapper);
const t2 = performance.now();
const c2 = process.cpuUsage(c0);
console.log(`fitBins ${(t1 - t0).toFixed(1)} ms (cpu ${cpu(c1).toFixed(1)}), applyBins ${(t2 - t1).toFixed(1)} ms (cpu ${cpu(c2).toFixed(1)})`);
const X = { kind: 'dense' as const, rows: m.trainRows, cols: m.cols, data: d.xtr };
for (let rep = 0; rep < 3; rep++) {
  c0 = process.cpuUsage();
  t0 = performance.now();
  await getLearner('gbdt').fit(
    X,
    { task: m.task, y: d.ytr, nClasses: m.nClasses },
    { n_estimators: iters, num_leaves: 31, learning_rate: 0.1, max_bin: 255, min_child_samples: 20, reg_lambda: 0 },
    { seed: 0 },
  );
  console.log(`fit #${rep} ${(performance.now() - t0).toFixed(1)} ms (cpu ${cpu(process.cpuUsage(c0)).toFixed(1)})`);
}
