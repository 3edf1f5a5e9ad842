/**
 * Minimal CSV reading for the TF-IDF benchmark and the thucnews accuracy test (quoted fields,
 * "" escapes, LF/CRLF). The real loader is src/data/load.ts; this keeps the bench standalone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sharedData = path.resolve(repoRoot, '../shared/data');

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else q = false;
      } else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Columns of a CSV file by header name. */
export function readCsvColumns(file: string): Record<string, string[]> {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows[0];
  const out: Record<string, string[]> = {};
  header.forEach((h, j) => (out[h] = rows.slice(1).filter((r) => r.length === header.length).map((r) => r[j])));
  return out;
}
