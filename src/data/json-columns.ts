/**
 * JSON and JSON Lines columns that DuckDB could not give one type. With `sample_size=-1`,
 * read_json types a field whose values mix numbers, strings, objects or arrays as JSON (an alias
 * of VARCHAR holding each value's JSON text: '1.5', '"n/a"', '{"x":1}'). This rewrites each such
 * column the way the CSV path would read the same cells:
 *   - numbers, numeric strings and missing-value markers only ('', 'n/a', 'NA' ...; the same list
 *     as CSV, `--missing-values` included): a DOUBLE column, markers missing, and a note naming
 *     the column and the marker strings other than '' (an empty string is an empty cell);
 *   - anything else: text, strings unquoted, numbers and booleans as written, objects and arrays
 *     as their JSON text (the profile then reports numbers mixed with words as mixed_types).
 * Nested columns DuckDB did type (STRUCT, LIST, MAP) become their JSON text too, so an object
 * reads the same whether or not its field also holds other kinds of values.
 */
import type { LoadNote } from './frame.js';
import { sqlIdent, sqlString, type DuckSession } from './duckdb.js';

const NUMBER_JSON_TYPES = "('BIGINT', 'UBIGINT', 'DOUBLE')";

/** More distinct non-numeric strings than this and the column cannot be all markers. */
const MAX_LISTED = 64;

/** DuckDB type names of nested values: STRUCT(...), MAP(...), X[] and X[n] (JSON[] included). */
function isNested(type: string): boolean {
  return /^(STRUCT|MAP|UNION)\(/.test(type) || /\[\d*\]$/.test(type);
}

interface JsonColumnFacts {
  numbers: number;
  /** Objects, arrays and booleans: never numeric. */
  others: number;
  /** Non-numeric strings with their counts, most frequent first (at most MAX_LISTED + 1). */
  strings: { value: string; count: number }[];
}

async function factsOf(db: DuckSession, table: string, c: string, markers: string): Promise<JsonColumnFacts> {
  const [counts] = (await db.rows(
    `SELECT count(*) FILTER (json_type(${c}) IN ${NUMBER_JSON_TYPES} OR (json_type(${c}) = 'VARCHAR' AND (${c}->>'$') NOT IN ${markers} AND TRY_CAST(${c}->>'$' AS DOUBLE) IS NOT NULL))::DOUBLE, ` +
      `count(*) FILTER (json_type(${c}) NOT IN ${NUMBER_JSON_TYPES} AND json_type(${c}) NOT IN ('VARCHAR', 'NULL'))::DOUBLE FROM ${table}`,
  )) as [number, number][];
  const strings = (await db.rows(
    `SELECT s, count(*)::DOUBLE AS n FROM (SELECT ${c}->>'$' AS s FROM ${table} WHERE json_type(${c}) = 'VARCHAR') ` +
      `WHERE s IN ${markers} OR TRY_CAST(s AS DOUBLE) IS NULL GROUP BY s ORDER BY n DESC, s LIMIT ${MAX_LISTED + 1}`,
  )) as [string, number][];
  return { numbers: Number(counts[0]), others: Number(counts[1]), strings: strings.map(([value, count]) => ({ value, count: Number(count) })) };
}

/**
 * Rewrite the mixed-type (JSON) and nested columns of `table` as DOUBLE or VARCHAR; returns a
 * note for each mixed column whose marker strings were read as missing or whose objects/arrays
 * were read as text. `markers` are the missing-value strings ('' first).
 */
export async function normalizeJsonColumns(db: DuckSession, table: string, markers: readonly string[]): Promise<LoadNote[]> {
  const t = sqlIdent(table);
  const described = (await db.rows(`SELECT column_name, column_type FROM (DESCRIBE ${t})`)) as [string, string][];
  const markerSet = new Set(markers);
  const markerSql = `(${[...markerSet].map(sqlString).join(', ')})`;
  const replace: string[] = [];
  const notes: LoadNote[] = [];
  for (const [name, type] of described) {
    const c = sqlIdent(name);
    if (isNested(type)) {
      replace.push(`CAST(to_json(${c}) AS VARCHAR) AS ${c}`);
      continue;
    }
    if (type !== 'JSON') continue;
    const f = await factsOf(db, t, c, markerSql);
    const numeric = f.others === 0 && f.numbers > 0 && f.strings.every((s) => markerSet.has(s.value));
    if (numeric) {
      replace.push(`CASE WHEN json_type(${c}) = 'VARCHAR' AND (${c}->>'$') IN ${markerSql} THEN NULL ELSE TRY_CAST(${c}->>'$' AS DOUBLE) END AS ${c}`);
      const shown = f.strings.filter((s) => s.value !== '');
      if (shown.length > 0) {
        const what = shown.map((s) => `'${s.value}' (${s.count} row${s.count === 1 ? '' : 's'})`).join(', ');
        notes.push({
          code: 'missing_marker',
          column: name,
          message:
            `Column '${name}' holds numbers except for the string(s) ${what}; it was read as numeric with those cells missing. ` +
            `If they are real values, read the file with --missing-values '' (MCP profile_data: missing_values []) to keep the column as text.`,
        });
      }
      continue;
    }
    replace.push(`(${c}->>'$') AS ${c}`);
    if (f.others > 0) {
      notes.push({
        code: 'mixed_types',
        column: name,
        message: `Column '${name}' mixes JSON objects, arrays or true/false with other values; it was read as text (objects and arrays as their JSON text).`,
      });
    }
  }
  if (replace.length === 0) return notes;
  const tmp = sqlIdent(`${table}_json`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${tmp} AS SELECT * REPLACE (${replace.join(', ')}) FROM ${t}`);
  await db.exec(`DROP TABLE ${t}`);
  await db.exec(`ALTER TABLE ${tmp} RENAME TO ${t}`);
  return notes;
}
