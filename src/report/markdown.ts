/**
 * The run report as Markdown (GitHub-flavoured tables). Charts live in the HTML report; here the
 * same facts appear as tables. All user and data strings go through escapeMarkdown.
 */
import {
  columnList,
  distinctConfigs,
  ensembleKeptNote,
  improvements,
  learnerTrialNotes,
  MAX_LEADERBOARD_ROWS,
  modelLabel,
  reproRows,
  residualStats,
  searchCaption,
  statusNote,
  textImportanceNote,
  topTermTables,
  topFeatures,
  trialLabel,
  validationHow,
  validationVsTest,
} from './derive.js';
import { escapeMarkdown as esc, fmtCount, fmtNumber, fmtPercent, fmtScore, fmtSeconds, paramsSummary } from './format.js';
import { joinSentences, translator, type Translate } from './i18n.js';
import { localizeInput, localizeRole, localizeSemantic } from './localize.js';
import type { ReportInput, ReportLearnerRow } from './types.js';

const MAX_COLUMN_ROWS = 60;

function table(headers: string[], rows: string[][], numeric: boolean[] = []): string {
  const head = `| ${headers.join(' | ')} |`;
  const sep = `| ${headers.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((row) => `| ${row.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`);
  return [head, sep, ...body].join('\n');
}

export function renderMarkdown(raw: ReportInput): string {
  const { input, leftEnglish } = localizeInput(raw);
  const t = translator(input.lang);
  const out: string[] = [];
  out.push(`# ${t('title')}: ${esc(input.instruction)}`);
  out.push(header(input, t));
  const status = statusNote(input, t);
  if (status) out.push(`> ⚠ ${esc(status.sentence)}`);
  if (leftEnglish) out.push(`> ${t('someEnglish')}`);
  out.push(dataSection(input, t));
  out.push(planSection(input, t));
  out.push(leaderboardSection(input, t));
  out.push(searchSection(input, t));
  out.push(evalSection(input, t));
  out.push(importanceSection(input, t));
  out.push(pipelineSection(input, t));
  out.push(reproSection(input, t));
  return `${out.join('\n\n')}\n`;
}

function header(input: ReportInput, t: Translate): string {
  const k = input.task;
  const dir = k.greaterIsBetter ? t('higherBetter') : t('lowerBetter');
  const status = statusNote(input, t);
  return table(
    ['', ''],
    [
      [`**${t('instruction')}**`, esc(input.instruction)],
      [`**${t('task')}**`, t(`taskKind_${k.kind}`)],
      [`**${t('target')}**`, esc(k.target)],
      [`**${t('metric')}**`, `${esc(k.metric)} (${dir})`],
      ...(status ? [[`**${t('status')}**`, `⚠ ${esc(status.short)}`]] : []),
      [`**${t('createdAt')}**`, esc(input.createdAt)],
    ],
  );
}

function dataSection(input: ReportInput, t: Translate): string {
  const p = input.profile;
  const out = [`## ${t('secData')}`];
  out.push(t('dataLine', { rows: fmtCount(p.rows), columns: fmtCount(p.columns), file: esc(p.file) }));
  out.push(`### ${t('warnings')}`);
  out.push(p.warnings.length ? p.warnings.map((w) => `- ⚠ ${esc(w)}`).join('\n') : t('noWarnings'));
  const cols = p.columnSummaries.slice(0, MAX_COLUMN_ROWS);
  out.push(
    table(
      [t('column'), t('kind'), t('role'), t('missing'), t('distinct'), t('reason')],
      cols.map((c) => [esc(c.name), esc(localizeSemantic(input.lang, c.semantic)), esc(localizeRole(input.lang, c.role)), fmtPercent(c.missingShare), fmtCount(c.distinct), esc(c.reason ?? '')]),
      [false, false, false, true, true, false],
    ),
  );
  if (p.columnSummaries.length > cols.length) out.push(t('moreRows', { n: p.columnSummaries.length - cols.length }));
  if (p.classCounts && p.classCounts.length > 0) {
    const total = p.classCounts.reduce((s, c) => s + c.count, 0);
    out.push(`### ${t('classBalance')}`);
    out.push(
      table(
        [t('label'), t('count'), t('share')],
        p.classCounts.map((c) => [esc(c.label), fmtCount(c.count), fmtPercent(total > 0 ? c.count / total : null)]),
        [false, true, true],
      ),
    );
  }
  if (p.targetStats) {
    const s = p.targetStats;
    out.push(`### ${t('targetStats')}`);
    out.push(table([t('min'), t('max'), t('mean'), t('std')], [[s.min, s.max, s.mean, s.std].map((v) => fmtNumber(v))], [true, true, true, true]));
  }
  return out.join('\n\n');
}

function planSection(input: ReportInput, t: Translate): string {
  const out = [`## ${t('secPlan')}`];
  const plan = input.plan;
  if (!plan) return [...out, t('noPlan')].join('\n\n');
  if (plan.summary) out.push(esc(plan.summary));
  if (plan.steps.length) out.push(`### ${t('steps')}`, plan.steps.map((s, i) => `${i + 1}. ${esc(s)}`).join('\n'));
  if (plan.assumptions.length) out.push(`### ${t('assumptions')}`, plan.assumptions.map((s) => `- ${esc(s)}`).join('\n'));
  return out.join('\n\n');
}

/** "0.8712 ± 0.0081" (the ± part when the fold sd is known). */
function scoreCell(score: number | null, std: number | null): string {
  return std !== null && Number.isFinite(std) ? `${fmtScore(score)} ± ${fmtScore(std)}` : fmtScore(score);
}

/** "40 (2 failed)": a learner's trial count with its failures and time-limit cuts. */
function learnerTrials(l: ReportLearnerRow, t: Translate): string {
  const notes = learnerTrialNotes(l, t);
  return notes ? `${l.trials} (${esc(notes)})` : String(l.trials);
}

function leaderboardSection(input: ReportInput, t: Translate): string {
  const out = [`## ${t('secLeaderboard')}`];
  const configs = distinctConfigs(input.leaderboard);
  const rows = configs.slice(0, MAX_LEADERBOARD_ROWS);
  // A configuration the search ran more than once is one row, with its trial count.
  const withRuns = rows.some((c) => c.runs > 1);
  if (rows.length === 0) return [...out, t('noLeaderboard')].join('\n\n');
  const learners = input.learners ?? [];
  if (learners.length > 0) {
    out.push(
      `### ${t('byLearner')}`,
      table(
        [t('learner'), t('trials'), `${t('cvScore')} (${esc(input.task.metric)})`, t('params'), `${t('totalFitTime')} (s)`],
        learners.map((l) => [
          esc(l.learner),
          learnerTrials(l, t),
          l.best ? scoreCell(l.best.cvScore, l.best.cvStd) : t(l.trials === 0 ? 'notStarted' : 'noScore'),
          l.best ? esc(paramsSummary(l.best.params)) || t('noParams') : '',
          fmtSeconds(l.fitSeconds),
        ]),
        [false, true, true, false, true],
      ),
      `### ${t('topConfigs')}`,
    );
  }
  out.push(
    table(
      [t('rank'), t('learner'), t('params'), `${t('cvScore')} (${esc(input.task.metric)})`, `${t('fitTime')} (s)`, ...(withRuns ? [t('trials')] : [])],
      rows.map(({ row, runs }, i) => [
        String(i + 1),
        esc(row.learner),
        esc(paramsSummary(row.params)) || t('noParams'),
        scoreCell(row.cvScore, row.cvStd),
        fmtSeconds(row.fitSeconds),
        ...(withRuns ? [String(runs)] : []),
      ]),
      [true, false, false, true, true, true],
    ),
  );
  if (configs.length > rows.length) out.push(t('moreRows', { n: configs.length - rows.length }));
  const rv = input.revalidation;
  if (rv && rv.rows.length) {
    out.push(`### ${t('revalTitle')}`, t('revalNote', { repeats: rv.repeats, folds: rv.folds }));
    out.push(
      table(
        [t('learner'), `${t('searchScore')} (${esc(input.task.metric)})`, `${t('freshScore')} (${esc(input.task.metric)})`, ''],
        rv.rows.map((r) => [esc(r.learner), fmtScore(r.searchScore), fmtScore(r.freshScore), r.chosen ? t('chosen') : '']),
        [false, true, true, false],
      ),
    );
  }
  return out.join('\n\n');
}

function searchSection(input: ReportInput, t: Translate): string {
  const out = [`## ${t('secSearch')}`];
  const notes = input.notes ?? [];
  const withNotes = (): string => [...out, ...(notes.length ? [`### ${t('searchNotes')}`, notes.map((n) => `- ${esc(n)}`).join('\n')] : [])].join('\n\n');
  if (input.trials.length === 0) {
    out.push(t('noTrials'));
    return withNotes();
  }
  out.push(esc(joinSentences(input.lang, [searchCaption(input, t), t('htmlOnly')])));
  const imp = improvements(input.trials, input.task.greaterIsBetter);
  if (imp.length) {
    out.push(`### ${t('improvements')}`);
    out.push(
      table(
        [t('trial'), t('learner'), `${t('time')} (s)`, t('score')],
        imp.map((tr) => [esc(trialLabel(tr)), esc(tr.learner), fmtSeconds(tr.elapsedSeconds), fmtScore(tr.score)]),
        [true, false, true, true],
      ),
    );
  }
  return withNotes();
}

function evalSection(input: ReportInput, t: Translate): string {
  const out = [`## ${t('secEval')}`];
  const ev = input.evaluation;
  if (!ev) return [...out, t('noEval')].join('\n\n');
  out.push(t('split', { split: esc(ev.split) }));
  const vt = validationVsTest(input, t);
  if (vt) out.push(esc(vt));
  out.push(table([t('metric'), t('value')], ev.metrics.map((m) => [esc(m.name), fmtScore(m.value)]), [false, true]));
  const cls = ev.classification;
  if (cls) {
    out.push(`### ${t('confusion')}`, t('confusionCaption'));
    out.push(
      table(
        [`${t('actual')} \\ ${t('predicted')}`, ...cls.labels.map(esc)],
        cls.labels.map((l, i) => [`**${esc(l)}**`, ...(cls.confusion[i] ?? []).map((v) => fmtCount(v))]),
        [false, ...cls.labels.map(() => true)],
      ),
    );
    out.push(`### ${t('perClass')}`);
    out.push(
      table(
        [t('label'), t('precision'), t('recall'), t('f1'), t('support')],
        cls.perClass.map((p) => [esc(p.label), fmtScore(p.precision), fmtScore(p.recall), fmtScore(p.f1), fmtCount(p.support)]),
        [false, true, true, true, true],
      ),
    );
  }
  const reg = ev.regression;
  if (reg) {
    const s = residualStats(reg.actual, reg.predicted);
    out.push(`### ${t('residuals')}`);
    out.push(
      table(
        [t('metric'), t('value')],
        [
          // As scores print (the metrics table above has RMSE and MAE too: the same number, the same digits).
          [t('residualMean'), fmtScore(s.mean)],
          [t('residualMaxAbs'), fmtScore(s.maxAbs)],
          ['RMSE', fmtScore(s.rmse)],
          ['MAE', fmtScore(s.mae)],
          ['n', fmtCount(s.n)],
        ],
        [false, true],
      ),
    );
  }
  return out.join('\n\n');
}

function importanceSection(input: ReportInput, t: Translate): string {
  const out = [`## ${t('secImportance')}`];
  const imp = input.importance;
  if (!imp || imp.features.length === 0) return [...out, t('noImportance'), ...topTermsPart(input, t)].join('\n\n');
  const top = topFeatures(imp);
  const all = top.length === imp.features.length;
  out.push(esc(t(all ? 'importanceCaptionAll' : 'importanceCaption', { n: top.length, total: imp.features.length, method: imp.method })));
  out.push(
    table(
      [t('rank'), t('feature'), t('importance')],
      top.map((f, i) => [String(i + 1), esc(f.name), f.std !== null && Number.isFinite(f.std) ? `${fmtNumber(f.importance)} ± ${fmtNumber(f.std)}` : fmtNumber(f.importance)]),
      [true, false, true],
    ),
  );
  const textNote = textImportanceNote(input, top, t);
  if (textNote) out.push(esc(textNote));
  out.push(...topTermsPart(input, t));
  return out.join('\n\n');
}

/** "### Top terms" with one table per text block (none without). */
function topTermsPart(input: ReportInput, t: Translate): string[] {
  const tables = topTermTables(input, t);
  if (tables.length === 0) return [];
  return [`### ${t('topTerms')}`, ...tables.flatMap((x) => [esc(x.caption), table([t(input.task.kind === 'regression' ? 'effect' : 'label'), t('terms')], x.rows.map(([g, terms]) => [esc(g), esc(terms)]))])];
}

function pipelineSection(input: ReportInput, t: Translate): string {
  const out = [`## ${t('secPipeline')}`];
  const p = input.pipeline;
  if (!p) return [...out, t('noPipeline')].join('\n\n');
  if (p.steps.length) {
    out.push(`### ${t('featureSteps')}`);
    out.push(
      table(
        [t('step'), t('columns'), t('reason')],
        p.steps.map((s) => [esc(s.name), columnList(s.columns).map(esc).join(', '), esc(s.reason)]),
      ),
    );
  }
  const name = modelLabel(p, t);
  const ensemble = p.ensemble && p.ensemble.length > 1 ? p.ensemble : null;
  out.push(`**${name.label}**: ${esc(name.value)}`);
  // An ensemble has no parameters of its own: each member's are in the table below.
  if (!ensemble) out.push(`**${t('params')}**: ${esc(paramsSummary(p.ensemble?.[0]?.params ?? p.params, 1000)) || t('noParams')}`);
  const v = p.validation;
  if (v) out.push(`**${t('validationScore')}** (${esc(input.task.metric)}): ${fmtScore(v.score)} (${esc(validationHow(v, t))})`);
  const kept = ensembleKeptNote(input, t);
  if (kept) out.push(esc(kept));
  if (p.bagFolds) out.push(esc(t('bagged', { k: p.bagFolds })));
  if (p.firstFold) out.push(esc(t('firstFold')));
  if (ensemble) {
    const withParams = ensemble.some((m) => m.params);
    out.push(`### ${t('ensemble')}`);
    out.push(
      table(
        [t('member'), t('weight'), ...(withParams ? [t('params')] : [])],
        ensemble.map((m) => [esc(m.learner), fmtNumber(m.weight, 3), ...(withParams ? [m.params ? esc(paramsSummary(m.params, 1000)) || t('noParams') : ''] : [])]),
        [false, true, false],
      ),
    );
  }
  return out.join('\n\n');
}

function reproSection(input: ReportInput, t: Translate): string {
  const rows = reproRows(input, t).map(([k, v], i) => [k, i === 9 && /^[0-9a-f]+$/i.test(v) ? `\`${v}\`` : esc(v)]);
  return [`## ${t('secRepro')}`, table(['', ''], rows)].join('\n\n');
}
