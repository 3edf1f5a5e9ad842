/**
 * AutoML benchmark on the fixed splits of ../shared/data: our test score after a budgeted
 * search vs the reference table (scikit-learn best default, FLAML 60 s), and budget adherence.
 *
 *   node --import tsx bench/automl.ts [--budget 60] [--parallelism 2] [--datasets titanic,penguins] [--record]
 *
 * --record appends the table to bench/RESULTS.md under "AutoML".
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchModel } from '../src/search/automl.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { loadSharedCase, REFERENCE, REPO_ROOT } from '../src/search/testing/shared-cases.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const budget = Number(arg('budget', '60'));
const parallelism = Number(arg('parallelism', '2'));
const datasets = arg('datasets', 'titanic,penguins,credit_data,letter,diamonds,diabetes,thucnews,spam_assassin').split(',');
const record = args.includes('--record');
const es = Number(arg('early-stopping', '20'));

const fmt = (v: number | null | undefined, d = 4): string => (v === null || v === undefined ? '-' : v.toFixed(d));
const rows: string[] = [];
const header = `| dataset | metric | ours (test) | sklearn best default | FLAML 60 s | best learner (val) | trials | wall s / budget s | notes |`;
const sep = '|---|---|---|---|---|---|---|---|---|';
console.log(header);
console.log(sep);
for (const name of datasets) {
  const c = await loadSharedCase(name);
  const runDir = join(mkdtempSync(join(tmpdir(), 'askml-bench-')), 'run');
  const t0 = Date.now();
  let line: string;
  try {
    const r = await searchModel({ train: c.train, target: c.target, task: c.task, metric: c.metric, budgetSeconds: budget, parallelism, seed: 0, runDir, earlyStoppingRounds: es });
    for (const n of r.notes) console.error(`  [${name}] ${n}`);
    const wall = (Date.now() - t0) / 1000;
    const ev = evaluate({ model: r.model, test: c.test, importance: false });
    const get = (m: string): number | null => ev.metrics.find((x) => x.name === m)?.value ?? null;
    const ref = REFERENCE[name];
    const ours = c.task === 'regression' ? `RMSE ${fmt(get('rmse'), 1)}` : `${fmt(get('accuracy'))} / ${fmt(get('macro_f1'))}`;
    const refFmt = (v: number[]): string => (c.task === 'regression' ? `RMSE ${v[0].toFixed(1)}` : `${v[0].toFixed(4)} / ${v[1].toFixed(4)}`);
    const learners = r.model.members.map((m) => m.learner).join('+');
    const valid = `${r.model.kind === 'ensemble' ? 'ens ' : ''}${learners} ${fmt(r.model.validationScore)}`;
    const notes = [`features ${r.featureSeconds.toFixed(1)} s`, `${r.validation.kind}${r.validation.kind === 'cv' ? r.validation.k : ''}`];
    if (r.model.members.some((m) => !m.refit)) notes.push('no refit');
    line = `| ${name} | ${c.task === 'regression' ? 'rmse' : 'acc / macro-F1'} | ${ours} | ${refFmt(ref.sklearn)} | ${refFmt(ref.flaml)} | ${valid} | ${r.trials} | ${wall.toFixed(1)} / ${budget} = ${(wall / budget).toFixed(2)} | ${notes.join('; ')} |`;
  } catch (e) {
    const wall = (Date.now() - t0) / 1000;
    line = `| ${name} | - | FAILED: ${(e as Error).message.slice(0, 80)} | | | | | ${wall.toFixed(1)} / ${budget} | |`;
  }
  console.log(line);
  rows.push(line);
}
if (record) {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const text = [
    '',
    `## AutoML (${when} UTC, budget ${budget} s, parallelism ${parallelism})`,
    '',
    `Command: \`node --import tsx bench/automl.ts --budget ${budget} --parallelism ${parallelism} --early-stopping ${es} --datasets ${datasets.join(',')} --record\``,
    'Test split scores (accuracy / macro-F1, or RMSE). Wall time includes feature fitting, search and the final refit.',
    '',
    header,
    sep,
    ...rows,
    '',
  ].join('\n');
  appendFileSync(join(REPO_ROOT, 'bench', 'RESULTS.md'), text);
}
