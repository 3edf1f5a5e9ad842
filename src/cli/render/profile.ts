/**
 * The human-readable profile: a header line, the target, one table row per column, warnings.
 */
import type { LoadInfo } from '../../data/load.js';
import type { ColumnProfile, Profile } from '../../data/profile-schema.js';
import { localizer, localizeRole, localizeSemantic, localizeTask, textLangZh } from '../../report/localize.js';
import { fitColumn, formatBytes, formatInt, formatNum, formatPct, renderTable } from './table.js';

function summary(c: ColumnProfile, zh: boolean): string {
  if (c.text) {
    return zh
      ? `${textLangZh(c.text.lang)}文本，平均 ${formatNum(c.text.avgChars)} 个字符（${c.text.minChars}-${c.text.maxChars}）`
      : `${c.text.lang} text, ${formatNum(c.text.avgChars)} chars avg (${c.text.minChars}-${c.text.maxChars})`;
  }
  if (c.numeric && c.top.length === 0) {
    const n = c.numeric;
    return zh
      ? `${formatNum(n.min)} .. ${formatNum(n.max)}，均值 ${formatNum(n.mean)}，中位数 ${formatNum(n.median)}`
      : `${formatNum(n.min)} .. ${formatNum(n.max)}, mean ${formatNum(n.mean)}, median ${formatNum(n.median)}`;
  }
  if (c.top.length > 0) {
    const top = c.top.slice(0, 3);
    const shown = fitColumn(top.map((t) => t.value), 16);
    return top.map((t, i) => `${shown[i]} ${formatPct(t.share)}`).join(', ');
  }
  return c.examples.slice(0, 2).join(', ');
}

/**
 * `lang` 'zh' (a Chinese chat session): the headings, column table and the warnings that have a
 * Chinese form are in Chinese; the file facts of the CLI (info) stay English, as the CLI prints them.
 */
export function renderProfile(profile: Profile, info: LoadInfo | null, title: string, lang: 'en' | 'zh' = 'en'): string {
  const zh = lang === 'zh';
  const out: string[] = [];
  if (info) {
    const enc = info.encoding ? `, ${info.encoding}` : '';
    const delim = info.delimiter ? `, delimiter ${JSON.stringify(info.delimiter)}` : '';
    out.push(
      `${title}: ${formatInt(profile.rows)} rows x ${profile.cols} columns (${info.format.toUpperCase()}${enc}${delim}, ` +
        `${formatBytes(info.fileBytes)} on disk, ${formatBytes(info.memoryBytes)} in memory, loaded in ${formatInt(info.loadMs)} ms)`,
    );
  } else out.push(zh ? `${title}：${formatInt(profile.rows)} 行 x ${profile.cols} 列` : `${title}: ${formatInt(profile.rows)} rows x ${profile.cols} columns`);
  const t = profile.target;
  if (t) {
    let line = zh
      ? `目标列：${t.name}${t.guessed ? '（推断得出）' : ''}，任务 ${localizeTask('zh', t.task)}`
      : `Target: ${t.name}${t.guessed ? ' (guessed; pass --target to choose)' : ''}, task ${t.task}`;
    if (t.nClasses !== null) {
      const classes = t.classes.slice(0, 10);
      const labels = fitColumn(classes.map((c) => c.value), 20);
      const shown = classes.map((c, i) => `${labels[i]} ${formatPct(c.share)}`).join(', ');
      line += zh ? `，${t.nClasses} 个类别：${shown}${t.classes.length > 10 ? ', ...' : ''}` : `, ${t.nClasses} classes: ${shown}${t.classes.length > 10 ? ', ...' : ''}`;
      if (t.imbalanceRatio !== null) line += zh ? `（不平衡比 ${formatNum(t.imbalanceRatio)}）` : ` (imbalance ${formatNum(t.imbalanceRatio)})`;
    }
    out.push(line);
  } else out.push(zh ? '目标列：无' : 'Target: none');
  out.push('');
  const rows = profile.columns.map((c) => {
    const semantic = localizeSemantic(lang, c.semantic);
    return [
      c.name,
      c.semantic === c.type ? localizeSemantic(lang, c.type) : `${semantic} (${localizeSemantic(lang, c.type)})`,
      localizeRole(lang, c.role),
      c.missing > 0 ? `${formatInt(c.missing)} (${formatPct(c.missingShare)})` : '0',
      formatInt(c.distinct),
      summary(c, zh),
    ];
  });
  const head = zh ? ['列', '类型', '角色', '缺失', '不同值', '概要'] : ['column', 'type', 'role', 'missing', 'distinct', 'summary'];
  out.push(renderTable(head, rows, { align: ['l', 'l', 'l', 'r', 'r', 'l'], maxWidth: 60 }));
  if (profile.warnings.length > 0) {
    const l = localizer(lang);
    out.push('', zh ? '警告：' : 'Warnings:');
    for (const w of profile.warnings) out.push(`  - [${w.code}] ${l.text(w.message)}`);
  }
  return out.join('\n');
}
