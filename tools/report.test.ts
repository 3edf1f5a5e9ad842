/**
 * The report of real runs (examples/churn.csv, real temp workspace, the tools called as the
 * planner calls them): it names the saved model as saved (an ensemble with its members, weights
 * and parameters, or the single learner) with its own validation score next to the test score;
 * it counts the trials of the run's tune sessions (tune-<n>/) as `askml runs` does and labels the
 * last session's budget against all sessions' wall time; and a cancelled run says so, with the
 * run's notes, in report.md and report.html.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callTool, toolMap } from '../src/agent/call-tool.js';
import { fmtScore } from '../src/report/format.js';
import { renderHtml } from '../src/report/html.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { submitTask } from '../src/task/submit.js';
import { buildReportInput } from './report.js';
import { TOOLS } from './index.js';
import type { ToolContext } from './define-tool.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const churn = path.join(root, 'examples/churn.csv');
const tools = toolMap(TOOLS);
let dir: string;
let ctx: ToolContext;

const json = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
const lines = (f: string): string[] => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '');
const runDirOf = (runId: string): string => path.join(ctx.workspaceDir, 'runs', runId);

/** Rows of the first Markdown table after `heading`, as cells. */
function mdTable(md: string, heading: string): string[][] {
  const at = md.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const rows = md.slice(at).split('\n');
  const first = rows.findIndex((l) => l.startsWith('|'));
  const out: string[][] = [];
  for (let i = first + 2; i < rows.length && rows[i].startsWith('|'); i++) out.push(rows[i].slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  return out;
}

/** A task run of churn.csv with a trial count (bit-for-bit reproducible): its run id. */
async function run(maxTrials: number): Promise<string> {
  const r = await submitTask({ dataset: churn, instructions: 'predict churned', maxTrials, seed: 0, workspaceDir: ctx.workspaceDir, parallelism: 1 }).done;
  return r.run_id!;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-report-tool-'));
  ctx = { workspaceDir: path.join(dir, 'ws'), resolvePath: (p) => path.resolve(dir, p) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the saved model in the report', () => {
  let ensembleRun = '';

  it('names an ensemble by its members, with weights, parameters and its own validation score', async () => {
    ensembleRun = await run(6);
    const d = runDirOf(ensembleRun);
    const record = json(path.join(d, 'record.json'));
    const manifest = json(path.join(d, 'model', 'manifest.json'));
    expect(manifest.learners.length).toBeGreaterThan(1); // 6 trials at seed 0 end in an ensemble
    const { input } = buildReportInput({ workspaceDir: ctx.workspaceDir, runId: ensembleRun, lang: 'en' });
    expect(input.pipeline!.ensemble!.map((m) => [m.learner, m.weight])).toEqual(manifest.learners.map((l: { learner: string; weight: number }) => [l.learner, l.weight]));
    expect(input.pipeline!.params).toEqual({});
    // The best single configuration it beat, on the same out-of-fold rows (leaderboard.json).
    const board = json(path.join(d, 'leaderboard.json'));
    expect(input.pipeline!.validation).toEqual({ score: record.bestScore, kind: 'cv', folds: 5, rescored: false, bestSingleScore: board.ensemble.bestSingleScore });
    expect(board.ensemble.bestSingleScore).toBeLessThan(record.bestScore);

    // The task's own report.md (written by the report tool).
    const md = readFileSync(path.join(d, 'report.md'), 'utf8');
    const names = manifest.learners.map((l: { learner: string }) => l.learner).join(' + ');
    const pipeline = md.slice(md.indexOf('## Best pipeline'));
    expect(pipeline).toContain(`**Model**: weighted ensemble of ${manifest.learners.length} configurations: ${names}`);
    expect(pipeline).not.toContain('**Learner**');
    expect(pipeline).not.toContain('**Parameters**');
    expect(pipeline).toContain(`**Validation score** (accuracy): ${fmtScore(record.bestScore)} (5-fold cross-validation)`);
    const members = mdTable(md, '### Ensemble');
    expect(members.map((r) => r[0])).toEqual(manifest.learners.map((l: { learner: string }) => l.learner));
    expect(members.every((r) => r.length === 3 && r[2].includes('='))).toBe(true);
    // Each member's parameters in full, as the saved model has them (audit: gbdt's were cut at 120 characters).
    expect(members.some((r) => r[2].includes('…'))).toBe(false);
    // Validation next to the test score in the evaluation section.
    const test = json(path.join(d, 'evaluation.json')).evaluation.primary.value as number;
    expect(md).toContain(`Saved model: validation accuracy ${fmtScore(record.bestScore)} (5-fold cross-validation), test accuracy ${fmtScore(test)}.`);
    const html = readFileSync(path.join(d, 'report.html'), 'utf8');
    expect(html).toContain(`<dt>Model</dt><dd><strong>weighted ensemble of ${manifest.learners.length} configurations: ${names}</strong></dd>`);
    expect(html).toContain(`<p class="validation">Saved model: validation accuracy ${fmtScore(record.bestScore)}`);
  }, 60_000);

  it('names a single model by its learner and parameters', async () => {
    const runId = await run(8);
    const d = runDirOf(runId);
    const record = json(path.join(d, 'record.json'));
    const manifest = json(path.join(d, 'model', 'manifest.json'));
    expect(manifest.learners).toHaveLength(1);
    const md = readFileSync(path.join(d, 'report.md'), 'utf8');
    const pipeline = md.slice(md.indexOf('## Best pipeline'));
    expect(pipeline).toContain(`**Learner**: ${manifest.learners[0].learner}\n`);
    expect(pipeline).toMatch(/\*\*Parameters\*\*: C=/);
    expect(pipeline).toContain(`**Validation score** (accuracy): ${fmtScore(record.bestScore)}`);
    expect(pipeline).not.toContain('### Ensemble');
    // A run by trial count: the plan line gives its trials, not the plan's unused time (audit: '120s').
    expect(md).toContain('binary · churned · accuracy · 8 trials');
  }, 60_000);

  it('counts the trials of a tune session and labels the budget of the last session against the wall time of all', async () => {
    const d = runDirOf(ensembleRun);
    const own = lines(path.join(d, 'trials.jsonl')).map((l) => JSON.parse(l));
    const t = await callTool(tools, 'tune', { run_id: ensembleRun, learner: 'gbdt', budget_seconds: 3 }, ctx);
    expect(t.ok).toBe(true);
    const tuned = lines(path.join(d, 'tune-1', 'trials.jsonl')).map((l) => JSON.parse(l));
    expect(tuned.length).toBeGreaterThan(0);
    const record = json(path.join(d, 'record.json'));
    expect(record.trials).toBe(own.length + tuned.length); // what `askml runs` shows

    const { input } = buildReportInput({ workspaceDir: ctx.workspaceDir, runId: ensembleRun, lang: 'en' });
    expect(input.repro.trials).toBe(record.trials);
    expect(input.repro.sessions).toBe(2);
    expect(input.learners!.reduce((a, l) => a + l.trials, 0)).toBe(record.trials);
    const gbdt = input.learners!.find((l) => l.learner === 'gbdt')!;
    expect(gbdt.trials).toBe(own.filter((r) => r.learner === 'gbdt').length + tuned.length);
    const bestGbdt = Math.max(...[...own, ...tuned].filter((r) => r.learner === 'gbdt' && r.status === 'ok').map((r) => r.score as number));
    expect(gbdt.best!.cvScore).toBe(bestGbdt);
    // Every trial is on the progress chart; the tune session's come after the run's own, marked with their folder.
    expect(input.trials).toHaveLength(record.trials);
    const fromTune = input.trials.filter((x) => x.session === 'tune-1');
    expect(fromTune).toHaveLength(tuned.length);
    const lastOwn = Math.max(...input.trials.filter((x) => !x.session).map((x) => x.elapsedSeconds));
    expect(Math.min(...fromTune.map((x) => x.elapsedSeconds))).toBeGreaterThanOrEqual(lastOwn);
    // The tune session's configurations are in the leaderboard too.
    const tuneBoard = json(path.join(d, 'tune-1', 'leaderboard.json')).leaderboard;
    expect(input.leaderboard.length).toBe(json(path.join(d, 'leaderboard.json')).leaderboard.length + tuneBoard.length);

    const md = renderMarkdown(input);
    const repro = mdTable(md, '## Reproducibility');
    expect(repro).toContainEqual(['Time budget', `${record.budgetSeconds} s (last of 2 sessions)`]);
    expect(repro).toContainEqual(['Trials', `${record.trials} (all 2 sessions)`]);
    expect(repro.find((r) => r[0] === 'Search wall time')![1]).toMatch(/^[\d.]+ s \(all 2 sessions\)$/);
    expect(md).toContain('The run had 2 search sessions; their times are laid end to end');
    // The 3 s tune may cut a trial at its deadline, which the cell then says.
    expect(mdTable(md, '### Best configuration of each learner').find((r) => r[0] === 'gbdt')![1]).toMatch(new RegExp(`^${gbdt.trials}( \\(\\d+ cut at the time limit\\))?$`));
    const zh = renderMarkdown({ ...input, lang: 'zh' });
    expect(mdTable(zh, '## 可复现信息')).toContainEqual(['时间预算', `${record.budgetSeconds} 秒（2 个会话中的最后一个）`]);
    // record.json's notes are the tune session's; the run's own search's notes are kept too.
    const ownNote = 'Not searched: naive_bayes needs text features (a text column); this data has none.';
    expect(record.notes).not.toContain(ownNote);
    expect(input.notes).toEqual([ownNote, ...record.notes]);
  }, 60_000);
});

describe('a cancelled run', () => {
  it('says it was cancelled and gives the run notes, in report.md and report.html', async () => {
    const task = submitTask({ dataset: churn, instructions: 'predict churned', budgetSeconds: 20, seed: 0, workspaceDir: ctx.workspaceDir, parallelism: 1 });
    // Ctrl-C once the first trial has scored: the search stops, the model so far is evaluated and reported
    // (a second cancel would stop everything).
    let cancelled = false;
    task.on('event', (e: { type: string; tool?: string; message?: string | null }) => {
      if (!cancelled && e.type === 'progress' && e.tool === 'search_model' && e.message?.startsWith('best')) {
        cancelled = true;
        task.cancel();
      }
    });
    const r = await task.done;
    const d = runDirOf(r.run_id!);
    const record = json(path.join(d, 'record.json'));
    expect(record.status).toBe('cancelled');
    expect(record.notes.length).toBeGreaterThan(0);

    const md = readFileSync(path.join(d, 'report.md'), 'utf8');
    expect(mdTable(md, '# askml run report')).toContainEqual(['**Status**', '⚠ cancelled']);
    expect(md).toContain('> ⚠ Cancelled: the search was stopped before its time budget or trial limit was used up');
    const notes = md.slice(md.indexOf('### Notes from the search'), md.indexOf('## Evaluation'));
    for (const n of record.notes as string[]) expect(notes).toContain(`- ${n}`);
    const html = readFileSync(path.join(d, 'report.html'), 'utf8');
    expect(html).toContain('<dt>Status</dt><dd>cancelled</dd>');
    expect(html).toContain('<p class="status">Cancelled: the search was stopped');
    for (const n of record.notes as string[]) expect(html).toContain(`<li>${n.replace(/'/g, '&#39;')}</li>`);

    // In Chinese: the status and the known notes translated.
    const { input } = buildReportInput({ workspaceDir: ctx.workspaceDir, runId: r.run_id!, lang: 'zh' });
    const zh = renderMarkdown(input);
    expect(mdTable(zh, '# askml 运行报告')).toContainEqual(['**状态**', '⚠ 已取消']);
    expect(zh).toContain('> ⚠ 已取消：搜索在用完时间预算或试验次数上限之前被停止');
    expect(zh).toContain('### 搜索说明');
    expect(zh).not.toContain('仍为英文');
    expect(renderHtml(input)).toContain('<p class="status">已取消：');
  }, 60_000);
});
