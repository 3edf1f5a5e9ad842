/**
 * Our own wording for JSON, JSON Lines and Parquet files DuckDB refused, and for a JSON object
 * that wraps the rows ({"rows": [...]}) instead of being them. DuckDB's text is kept only as a
 * trailing detail. Like csv-diagnose.ts, this runs on the error path only.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AskmlError } from '../errors.js';

/** Files above this size are not re-parsed in JavaScript to find the broken spot. */
const REPARSE_LIMIT = 64 * 1024 * 1024;

const JSON_SHAPE = 'askml reads a JSON array of row objects ([{"a": 1, "b": "x"}, ...]) or JSON Lines (.jsonl: one object per line).';

export interface JsonProblem {
  /** 1-based line of the problem. */
  line: number;
  column?: number;
  reason: string;
}

/** DuckDB's first message line, without its "Invalid Input Error:" prefix and the file path. */
export function duckDetail(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text
    .split('\n')[0]
    .replace(/^[A-Za-z ]*Error: /, '')
    .replace(/ in file ("[^"]*"|'[^']*')/, '')
    .replace(/^File ("[^"]*"|'[^']*') /, '')
    .trim()
    .slice(0, 200);
}

/** Line and column of a character offset. */
function lineCol(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}

/** Where a JSON document breaks, or null when JSON.parse accepts it. */
export function jsonProblem(text: string): JsonProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const msg = (e as Error).message;
    const m = /at position (\d+)/.exec(msg);
    const end = text.trimEnd().length;
    const pos = m ? Number(m[1]) : end;
    const reason = /end of JSON input/.test(msg) || pos >= end
      ? "the file ends before the JSON is complete (a missing ']' or '}'?)"
      : msg.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected token/, 'unexpected character');
    return { ...lineCol(text, Math.min(pos, end)), reason };
  }
}

/** The first non-blank line of a JSON Lines text that is not one complete JSON value. */
export function jsonLinesProblem(text: string): JsonProblem | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const p = jsonProblem(line);
    if (p) {
      const reason = p.reason.startsWith('the file ends') ? 'the line ends before its JSON object is complete' : p.reason;
      return { line: i + 1, column: p.column, reason };
    }
  }
  return null;
}

/** A PARSE_ERROR for a JSON, JSONL or Parquet file DuckDB could not read. */
export async function readFailure(file: string, readPath: string, format: 'json' | 'jsonl' | 'parquet', e: unknown): Promise<AskmlError> {
  const detail = duckDetail(e);
  if (format === 'parquet') {
    return new AskmlError('PARSE_ERROR', `'${file}' is not a valid Parquet file (DuckDB: ${detail}).`, {
      path: file,
      hint: 'It may be truncated or not Parquet at all; write it again, or export the data as CSV.',
    });
  }
  let problem: JsonProblem | null = null;
  const size = (await stat(readPath).catch(() => null))?.size ?? Infinity;
  if (size <= REPARSE_LIMIT && !/\.gz$/i.test(readPath)) {
    const text = (await readFile(readPath, 'utf8')).replace(/^\ufeff/, '');
    problem = format === 'jsonl' ? jsonLinesProblem(text) : jsonProblem(text);
  }
  const kind = format === 'jsonl' ? 'JSON Lines' : 'JSON';
  const message = problem
    ? `'${file}' is not valid ${kind} at line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}: ${problem.reason}.`
    : `'${file}' could not be read as a ${kind} table (DuckDB: ${detail}).`;
  return new AskmlError('PARSE_ERROR', message, { path: file, line: problem?.line, hint: JSON_SHAPE });
}

/**
 * A JSON file that loaded as one row holding a list of records is a wrapper object such as
 * {"rows": [...]}: refuse it with the field name instead of profiling a one-row table.
 */
export function wrapperError(file: string, field: string, records: number): AskmlError {
  const jq = /^[A-Za-z_]\w*$/.test(field) ? `.${field}` : `.[${JSON.stringify(field)}]`;
  return new AskmlError(
    'PARSE_ERROR',
    `'${file}' is one JSON object whose field '${field}' holds a list of ${records} record(s); the rows must be the top level.`,
    { path: file, value: field, hint: `${JSON_SHAPE} Extract the list first, e.g. \`jq '${jq}' ${path.basename(file)} > rows.json\`.` },
  );
}
