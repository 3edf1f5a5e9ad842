/**
 * The run report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, no
 * fonts or images from the network (a Content-Security-Policy forbids them too), readable on
 * screen and when printed. Every user or data string goes through escapeHtml.
 */
import {
  columnList,
  distinctConfigs,
  ensembleKeptNote,
  improvements,
  learnerTrialNotes,
  MAX_LEADERBOARD_ROWS,
  MAX_SCATTER_POINTS,
  modelLabel,
  reproRows,
  residualStats,
  searchCaption,
  statusNote,
  textImportanceNote,
  topTermTables,
  topFeatures,
  trialLabel,
  trialOutcomes,
  trialTooltip,
  validationHow,
  validationVsTest,
} from './derive.js';
import { escapeHtml as h, fmtCount, fmtNumber, fmtPercent, fmtScore, fmtSeconds, isFiniteNumber, paramsSummary } from './format.js';
import { translator, type Translate } from './i18n.js';
import { localizeInput, localizeRole, localizeSemantic } from './localize.js';
import { REPORT_CSS } from './style.js';
import { barChart } from './svg/bars.js';
import { confusionHeatmap } from './svg/heatmap.js';
import { progressChart } from './svg/linechart.js';
import { scatterChart } from './svg/scatter.js';
import type { ReportInput, ReportLearnerRow } from './types.js';

const MAX_COLUMN_ROWS = 60;

/** A table; cells are HTML already escaped by the caller. */
function table(headers: string[], rows: string[][], opts: { numeric?: boolean[]; cls?: string } = {}): string {
  const num = opts.numeric ?? [];
  const th = headers.map((x, i) => `<th${num[i] ? ' class="num"' : ''}>${x}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((c, i) => `<td${num[i] ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="${opts.cls ?? ''}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function figure(svg: string, caption: string, cls: string): string {
  return `<figure class="${cls}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

function section(id: string, title: string, body: string[]): string {
  return `<section id="${id}"><h2>${h(title)}</h2>\n${body.join('\n')}\n</section>`;
}

const empty = (s: string): string => `<p class="empty">${h(s)}</p>`;

export function renderHtml(raw: ReportInput): string {
  const { input, leftEnglish } = localizeInput(raw);
  const t = translator(input.lang);
  const sections: [string, string, string][] = [
    ['data', t('secData'), dataSection(input, t)],
    ['plan', t('secPlan'), planSection(input, t)],
    ['leaderboard', t('secLeaderboard'), leaderboardSection(input, t)],
    ['search', t('secSearch'), searchSection(input, t)],
    ['evaluation', t('secEval'), evalSection(input, t)],
    ['importance', t('secImportance'), importanceSection(input, t)],
    ['pipeline', t('secPipeline'), pipelineSection(input, t)],
    ['repro', t('secRepro'), reproSection(input, t)],
  ];
  const toc = sections.map(([id, title]) => `<li><a href="#${id}">${h(title)}</a></li>`).join('');
  const k = input.task;
  const status = statusNote(input, t);
  const meta: [string, string][] = [
    [t('task'), t(`taskKind_${k.kind}`)],
    [t('target'), k.target],
    [t('metric'), `${k.metric} (${k.greaterIsBetter ? t('higherBetter') : t('lowerBetter')})`],
    ...(status ? [[t('status'), status.short] as [string, string]] : []),
    [t('createdAt'), input.createdAt],
  ];
  return `<!doctype html>
<html lang="${input.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${h(t('title'))}: ${h(input.instruction)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<p class="kicker">${h(t('title'))}</p>
<h1><span class="label">${h(t('instruction'))}:</span> ${h(input.instruction)}</h1>
<dl class="meta">${meta.map(([a, b]) => `<div><dt>${h(a)}</dt><dd>${h(b)}</dd></div>`).join('')}</dl>
${status ? `<p class="status">${h(status.sentence)}</p>\n` : ''}${leftEnglish ? `<p class="note">${h(t('someEnglish'))}</p>\n` : ''}<nav class="toc" aria-label="${h(t('contents'))}"><ol>${toc}</ol></nav>
</header>
${sections.map(([id, title, body]) => section(id, title, [body])).join('\n')}
</main>
</body>
</html>
`;
}

function dataSection(input: ReportInput, t: Translate): string {
  const p = input.profile;
  const out = [`<p>${h(t('dataLine', { rows: fmtCount(p.rows), columns: fmtCount(p.columns), file: p.file }))}</p>`];
  out.push(`<h3>${h(t('warnings'))}</h3>`);
  out.push(
    p.warnings.length
      ? `<ul class="warnings">${p.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`
      : `<p class="ok">${h(t('noWarnings'))}</p>`,
  );
  const cols = p.columnSummaries.slice(0, MAX_COLUMN_ROWS);
  out.push(
    table(
      [t('column'), t('kind'), t('role'), t('missing'), t('distinct'), t('reason')].map(h),
      cols.map((c) => [
        `<code>${h(c.name)}</code>`,
        h(localizeSemantic(input.lang, c.semantic)),
        `<span class="role role-${h(c.role)}">${h(localizeRole(input.lang, c.role))}</span>`,
        fmtPercent(c.missingShare),
        fmtCount(c.distinct),
        h(c.reason ?? ''),
      ]),
      { numeric: [false, false, false, true, true, false], cls: 'columns' },
    ),
  );
  if (p.columnSummaries.length > cols.length) out.push(`<p class="note">${h(t('moreRows', { n: p.columnSummaries.length - cols.length }))}</p>`);
  if (p.classCounts && p.classCounts.length > 0) {
    const total = p.classCounts.reduce((s, c) => s + c.count, 0);
    out.push(`<h3>${h(t('classBalance'))}</h3>`);
    out.push(
      table(
        [t('label'), t('count'), t('share')].map(h),
        p.classCounts.map((c) => {
          const share = total > 0 ? c.count / total : 0;
          const bar = `<span class="minibar" style="width:${(share * 100).toFixed(1)}%"></span>`;
          return [h(c.label), fmtCount(c.count), `${bar}${fmtPercent(share)}`];
        }),
        { numeric: [false, true, false], cls: 'balance' },
      ),
    );
  }
  if (p.targetStats) {
    const s = p.targetStats;
    out.push(`<h3>${h(t('targetStats'))}</h3>`);
    out.push(table([t('min'), t('max'), t('mean'), t('std')].map(h), [[s.min, s.max, s.mean, s.std].map((v) => fmtNumber(v))], { numeric: [true, true, true, true] }));
  }
  return out.join('\n');
}

function planSection(input: ReportInput, t: Translate): string {
  const plan = input.plan;
  if (!plan) return empty(t('noPlan'));
  const out: string[] = [];
  if (plan.summary) out.push(`<p>${h(plan.summary)}</p>`);
  if (plan.steps.length) out.push(`<h3>${h(t('steps'))}</h3><ol class="steps">${plan.steps.map((s) => `<li>${h(s)}</li>`).join('')}</ol>`);
  if (plan.assumptions.length) out.push(`<h3>${h(t('assumptions'))}</h3><ul class="assumptions">${plan.assumptions.map((s) => `<li>${h(s)}</li>`).join('')}</ul>`);
  return out.join('\n');
}

/** "0.8712 ± 0.0081" (the ± part when the fold sd is known). */
function scoreCell(score: number | null, std: number | null): string {
  return isFiniteNumber(std) ? `${fmtScore(score)} <span class="std">± ${fmtScore(std)}</span>` : fmtScore(score);
}

/** "40 (2 failed)": a learner's trial count with its failures and time-limit cuts. */
function learnerTrials(l: ReportLearnerRow, t: Translate): string {
  const notes = learnerTrialNotes(l, t);
  return notes ? `${l.trials} <span class="std">(${h(notes)})</span>` : String(l.trials);
}

function leaderboardSection(input: ReportInput, t: Translate): string {
  const configs = distinctConfigs(input.leaderboard);
  const rows = configs.slice(0, MAX_LEADERBOARD_ROWS);
  // A configuration the search ran more than once is one row, with its trial count.
  const withRuns = rows.some((c) => c.runs > 1);
  if (rows.length === 0) return empty(t('noLeaderboard'));
  const out: string[] = [];
  const learners = input.learners ?? [];
  if (learners.length > 0) {
    out.push(
      `<h3>${h(t('byLearner'))}</h3>`,
      table(
        [t('learner'), t('trials'), `${t('cvScore')} (${input.task.metric})`, t('params'), `${t('totalFitTime')} (s)`].map(h),
        learners.map((l) => [
          `<strong>${h(l.learner)}</strong>`,
          learnerTrials(l, t),
          l.best ? scoreCell(l.best.cvScore, l.best.cvStd) : h(t(l.trials === 0 ? 'notStarted' : 'noScore')),
          l.best ? `<span class="params">${h(paramsSummary(l.best.params) || t('noParams'))}</span>` : '',
          fmtSeconds(l.fitSeconds),
        ]),
        { numeric: [false, true, true, false, true] },
      ),
      `<h3>${h(t('topConfigs'))}</h3>`,
    );
  }
  out.push(
    table(
      [t('rank'), t('learner'), t('params'), `${t('cvScore')} (${input.task.metric})`, `${t('fitTime')} (s)`, ...(withRuns ? [t('trials')] : [])].map(h),
      rows.map(({ row, runs }, i) => [
        String(i + 1),
        `<strong>${h(row.learner)}</strong>`,
        `<span class="params">${h(paramsSummary(row.params) || t('noParams'))}</span>`,
        scoreCell(row.cvScore, row.cvStd),
        fmtSeconds(row.fitSeconds),
        ...(withRuns ? [String(runs)] : []),
      ]),
      { numeric: [true, false, false, true, true, true], cls: 'leaderboard' },
    ),
  );
  if (configs.length > rows.length) out.push(`<p class="note">${h(t('moreRows', { n: configs.length - rows.length }))}</p>`);
  const rv = input.revalidation;
  if (rv && rv.rows.length) {
    out.push(`<h3>${h(t('revalTitle'))}</h3>`, `<p class="note">${h(t('revalNote', { repeats: rv.repeats, folds: rv.folds }))}</p>`);
    out.push(
      table(
        [t('learner'), `${t('searchScore')} (${input.task.metric})`, `${t('freshScore')} (${input.task.metric})`, ''].map(h),
        rv.rows.map((r) => [`<strong>${h(r.learner)}</strong>`, fmtScore(r.searchScore), fmtScore(r.freshScore), r.chosen ? h(t('chosen')) : '']),
        { numeric: [false, true, true, false], cls: 'revalidation' },
      ),
    );
  }
  return out.join('\n');
}

/** The run's notes (record.json), a list under the search progress. */
function notesPart(input: ReportInput, t: Translate): string {
  const notes = input.notes ?? [];
  return notes.length ? `\n<h3>${h(t('searchNotes'))}</h3>\n<ul class="notes">${notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : '';
}

function searchSection(input: ReportInput, t: Translate): string {
  if (input.trials.length === 0) return empty(t('noTrials')) + notesPart(input, t);
  const metric = input.task.metric;
  const outcomes = trialOutcomes(input.trials, input.learners).each;
  const svg = progressChart({
    title: t('secSearch'), showTitle: false,
    xTitle: t('searchX'),
    yTitle: t('searchY', { metric }),
    greaterIsBetter: input.task.greaterIsBetter,
    noDataText: t('chartNoData'),
    points: input.trials.map((tr, i) => ({
      x: tr.elapsedSeconds,
      y: outcomes[i] === 'ok' ? tr.score : null,
      label: trialTooltip(tr, outcomes[i], t),
    })),
  });
  const out = [figure(svg, h(searchCaption(input, t)), 'fig-progress')];
  const imp = improvements(input.trials, input.task.greaterIsBetter);
  if (imp.length) {
    out.push(`<h3>${h(t('improvements'))}</h3>`);
    out.push(
      table(
        [t('trial'), t('learner'), `${t('time')} (s)`, t('score')].map(h),
        imp.map((tr) => [h(trialLabel(tr)), h(tr.learner), fmtSeconds(tr.elapsedSeconds), fmtScore(tr.score)]),
        { numeric: [true, false, true, true], cls: 'improvements' },
      ),
    );
  }
  return out.join('\n') + notesPart(input, t);
}

function evalSection(input: ReportInput, t: Translate): string {
  const ev = input.evaluation;
  if (!ev) return empty(t('noEval'));
  const out = [`<p>${h(t('split', { split: ev.split }))}</p>`];
  const vt = validationVsTest(input, t);
  if (vt) out.push(`<p class="validation">${h(vt)}</p>`);
  out.push(table([t('metric'), t('value')].map(h), ev.metrics.map((m) => [h(m.name), fmtScore(m.value)]), { numeric: [false, true], cls: 'metrics' }));
  const cls = ev.classification;
  if (cls) {
    out.push(`<h3>${h(t('confusion'))}</h3>`);
    const svg = confusionHeatmap({
      title: t('confusion'), showTitle: false,
      labels: cls.labels,
      matrix: cls.confusion,
      xTitle: t('predicted'),
      yTitle: t('actual'),
      noDataText: t('chartNoData'),
    });
    out.push(figure(svg, h(t('confusionCaption')), 'fig-confusion'));
    out.push(`<h3>${h(t('perClass'))}</h3>`);
    out.push(
      table(
        [t('label'), t('precision'), t('recall'), t('f1'), t('support')].map(h),
        cls.perClass.map((p) => [h(p.label), fmtScore(p.precision), fmtScore(p.recall), fmtScore(p.f1), fmtCount(p.support)]),
        { numeric: [false, true, true, true, true], cls: 'per-class' },
      ),
    );
  }
  const reg = ev.regression;
  if (reg) {
    const target = input.task.target;
    const sc = scatterChart({
      title: t('scatter'), showTitle: false,
      xs: reg.actual,
      ys: reg.predicted,
      xTitle: `${t('actual')} ${target}`,
      yTitle: `${t('predicted')} ${target}`,
      noDataText: t('chartNoData'),
      maxPoints: MAX_SCATTER_POINTS,
    });
    out.push(`<h3>${h(t('scatter'))}</h3>`);
    out.push(figure(sc.svg, h(t('scatterCaption', { shown: fmtCount(sc.shown), total: fmtCount(sc.total) })), 'fig-scatter'));
    const s = residualStats(reg.actual, reg.predicted);
    out.push(`<h3>${h(t('residuals'))}</h3>`);
    out.push(
      table(
        [t('metric'), t('value')].map(h),
        [
          // As scores print (the metrics table above has RMSE and MAE too: the same number, the same digits).
          [h(t('residualMean')), fmtScore(s.mean)],
          [h(t('residualMaxAbs')), fmtScore(s.maxAbs)],
          ['RMSE', fmtScore(s.rmse)],
          ['MAE', fmtScore(s.mae)],
          ['n', fmtCount(s.n)],
        ],
        { numeric: [false, true], cls: 'residuals' },
      ),
    );
  }
  return out.join('\n');
}

function importanceSection(input: ReportInput, t: Translate): string {
  const terms = topTermTables(input, t);
  const termsPart = terms.length === 0
    ? ''
    : `\n<h3>${h(t('topTerms'))}</h3>\n${terms.map((x) => `<p>${h(x.caption)}</p>\n${table([h(t(input.task.kind === 'regression' ? 'effect' : 'label')), h(t('terms'))], x.rows.map(([g, tm]) => [h(g), h(tm)]), { cls: 'top-terms' })}`).join('\n')}`;
  return importanceFigure(input, t) + termsPart;
}

function importanceFigure(input: ReportInput, t: Translate): string {
  const imp = input.importance;
  if (!imp || imp.features.length === 0) return empty(t('noImportance'));
  const top = topFeatures(imp);
  const svg = barChart({
    title: t('secImportance'), showTitle: false,
    items: top.map((f) => ({ label: f.name, value: f.importance, err: f.std })),
    xTitle: `${t('importance')} (${imp.method})`,
    noDataText: t('chartNoData'),
  });
  const all = top.length === imp.features.length;
  const fig = figure(svg, h(t(all ? 'importanceCaptionAll' : 'importanceCaption', { n: top.length, total: imp.features.length, method: imp.method })), 'fig-importance');
  const textNote = textImportanceNote(input, top, t);
  return textNote ? `${fig}\n<p class="note">${h(textNote)}</p>` : fig;
}

function pipelineSection(input: ReportInput, t: Translate): string {
  const p = input.pipeline;
  if (!p) return empty(t('noPipeline'));
  const out: string[] = [];
  if (p.steps.length) {
    out.push(`<h3>${h(t('featureSteps'))}</h3>`);
    out.push(
      table(
        [t('step'), t('columns'), t('reason')].map(h),
        p.steps.map((s) => [`<strong>${h(s.name)}</strong>`, columnList(s.columns).map((c) => `<code>${h(c)}</code>`).join(' '), h(s.reason)]),
        { cls: 'steps' },
      ),
    );
  }
  const name = modelLabel(p, t);
  const ensemble = p.ensemble && p.ensemble.length > 1 ? p.ensemble : null;
  const v = p.validation;
  out.push(
    `<dl class="kv"><div><dt>${h(name.label)}</dt><dd><strong>${h(name.value)}</strong></dd></div>` +
      // An ensemble has no parameters of its own: each member's are in the table below.
      (ensemble ? '' : `<div><dt>${h(t('params'))}</dt><dd class="params">${h(paramsSummary(p.ensemble?.[0]?.params ?? p.params, 1000) || t('noParams'))}</dd></div>`) +
      (v ? `<div><dt>${h(t('validationScore'))} (${h(input.task.metric)})</dt><dd>${fmtScore(v.score)} <span class="std">(${h(validationHow(v, t))})</span></dd></div>` : '') +
      '</dl>',
  );
  const kept = ensembleKeptNote(input, t);
  if (kept) out.push(`<p class="validation">${h(kept)}</p>`);
  if (p.bagFolds) out.push(`<p>${h(t('bagged', { k: p.bagFolds }))}</p>`);
  if (p.firstFold) out.push(`<p class="status">${h(t('firstFold'))}</p>`);
  if (ensemble) {
    const withParams = ensemble.some((m) => m.params);
    out.push(`<h3>${h(t('ensemble'))}</h3>`);
    out.push(
      table(
        [t('member'), t('weight'), ...(withParams ? [t('params')] : [])].map(h),
        ensemble.map((m) => [
          h(m.learner),
          fmtNumber(m.weight, 3),
          ...(withParams ? [m.params ? `<span class="params">${h(paramsSummary(m.params, 1000) || t('noParams'))}</span>` : ''] : []),
        ]),
        { numeric: [false, true, false], cls: 'ensemble' },
      ),
    );
  }
  return out.join('\n');
}

function reproSection(input: ReportInput, t: Translate): string {
  const rows = reproRows(input, t);
  return `<dl class="kv repro">${rows.map(([k, v]) => `<div><dt>${h(k)}</dt><dd><code>${h(v)}</code></dd></div>`).join('')}</dl>`;
}
