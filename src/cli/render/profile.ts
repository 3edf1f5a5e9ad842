/**
 * The human-readable profile: a header line, the target, one table row per column, warnings.
 */
import type { LoadInfo } from '../../data/load.js';
import type { ColumnProfile, Profile } from '../../data/profile-schema.js';
import { fitColumn, formatBytes, formatInt, formatNum, formatPct, renderTable } from './table.js';

function summary(c: ColumnProfile): string {
  if (c.text) return `${c.text.lang} text, ${formatNum(c.text.avgChars)} chars avg (${c.text.minChars}-${c.text.maxChars})`;
  if (c.numeric && c.top.length === 0) {
    const n = c.numeric;
    return `${formatNum(n.min)} .. ${formatNum(n.max)}, mean ${formatNum(n.mean)}, median ${formatNum(n.median)}`;
  }
  if (c.top.length > 0) {
    const top = c.top.slice(0, 3);
    const shown = fitColumn(top.map((t) => t.value), 16);
    return top.map((t, i) => `${shown[i]} ${formatPct(t.share)}`).join(', ');
  }
  return c.examples.slice(0, 2).join(', ');
}

export function renderProfile(profile: Profile, info: LoadInfo | null, title: string): string {
  const out: string[] = [];
  if (info) {
    const enc = info.encoding ? `, ${info.encoding}` : '';
    const delim = info.delimiter ? `, delimiter ${JSON.stringify(info.delimiter)}` : '';
    out.push(
      `${title}: ${formatInt(profile.rows)} rows x ${profile.cols} columns (${info.format.toUpperCase()}${enc}${delim}, ` +
        `${formatBytes(info.fileBytes)} on disk, ${formatBytes(info.memoryBytes)} in memory, loaded in ${formatInt(info.loadMs)} ms)`,
    );
  } else out.push(`${title}: ${formatInt(profile.rows)} rows x ${profile.cols} columns`);
  const t = profile.target;
  if (t) {
    let line = `Target: ${t.name}${t.guessed ? ' (guessed; pass --target to choose)' : ''}, task ${t.task}`;
    if (t.nClasses !== null) {
      const classes = t.classes.slice(0, 10);
      const labels = fitColumn(classes.map((c) => c.value), 20);
      const shown = classes.map((c, i) => `${labels[i]} ${formatPct(c.share)}`).join(', ');
      line += `, ${t.nClasses} classes: ${shown}${t.classes.length > 10 ? ', ...' : ''}`;
      if (t.imbalanceRatio !== null) line += ` (imbalance ${formatNum(t.imbalanceRatio)})`;
    }
    out.push(line);
  } else out.push('Target: none');
  out.push('');
  const rows = profile.columns.map((c) => [
    c.name,
    c.semantic === c.type ? c.type : `${c.semantic} (${c.type})`,
    c.role,
    c.missing > 0 ? `${formatInt(c.missing)} (${formatPct(c.missingShare)})` : '0',
    formatInt(c.distinct),
    summary(c),
  ]);
  out.push(renderTable(['column', 'type', 'role', 'missing', 'distinct', 'summary'], rows, { align: ['l', 'l', 'l', 'r', 'r', 'l'], maxWidth: 60 }));
  if (profile.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of profile.warnings) out.push(`  - [${w.code}] ${w.message}`);
  }
  return out.join('\n');
}
