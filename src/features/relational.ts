/**
 * Relational features: aggregate child tables (orders) onto a main table (customers) by key,
 * in DuckDB SQL (through src/data/duckdb.ts, the only DuckDB importer).
 *
 * For each child table, per main row: `<child>__count` (0 when no children), and per child
 * column: numbers -> mean, std (sample), min, max, sum; booleans -> mean; strings -> distinct
 * count; with a time column also the most recent value of every column (`__last`) and the
 * first/last time. Main-table rows keep their order; main rows without children get NaN
 * aggregates (count and distinct counts 0). Names are `<child>__<column>__<agg>`.
 */
import { AskmlError, throwIfAborted, unknownName } from '../errors.js';
import { stringColumn } from '../data/columns.js';
import { sqlIdent, sqlString, withDuck, type DuckSession, type RawColumn } from '../data/duckdb.js';
import type { Column, Frame } from '../data/frame.js';

export interface ChildTable {
  /** Prefix of the generated columns, e.g. 'orders'. */
  name: string;
  /** CSV/TSV, Parquet, JSON or JSONL file. */
  source: string;
  /** The child's column holding the main table's key. */
  key: string;
  /** Optional time column: enables most-recent values. */
  time?: string;
  /** Child columns to aggregate (default: all but key and time). */
  columns?: string[];
}

export interface RelationalOptions {
  main: { source: string; key: string };
  children: ChildTable[];
  signal?: AbortSignal;
}

export interface RelationalFeature {
  name: string;
  reason: string;
}

export interface RelationalResult {
  /** The main table plus the aggregate columns, in the main table's row order. */
  frame: Frame;
  features: RelationalFeature[];
  sql: string;
}

function fromClause(path: string): string {
  const p = path.toLowerCase();
  if (p.endsWith('.parquet')) return `read_parquet(${sqlString(path)})`;
  if (p.endsWith('.json') || p.endsWith('.jsonl') || p.endsWith('.ndjson')) return `read_json_auto(${sqlString(path)})`;
  return `read_csv_auto(${sqlString(path)})`;
}

async function columnTypes(db: DuckSession, table: string): Promise<Map<string, string>> {
  const rows = await db.rows(`DESCRIBE ${sqlIdent(table)}`);
  return new Map(rows.map((r) => [String(r[0]), String(r[1]).toUpperCase()]));
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const TIME = /^(DATE|TIMESTAMP.*|TIME)$/;

function toColumn(c: RawColumn): Column {
  if (c.kind === 'string') return stringColumn(c.name, c.values);
  if (c.kind === 'codes') return { name: c.name, type: 'categorical', codes: c.codes, levels: c.levels };
  return { name: c.name, type: c.kind === 'number' ? 'numeric' : c.kind, values: c.values };
}

export async function aggregateChildren(opts: RelationalOptions): Promise<RelationalResult> {
  return withDuck(async (db) => {
    let nRows: number;
    try {
      nRows = await db.materialize('__main', fromClause(opts.main.source));
    } catch (e) {
      throw new AskmlError('PARSE_ERROR', `Could not read the main table '${opts.main.source}': ${(e as Error).message}`);
    }
    const mainTypes = await columnTypes(db, '__main');
    if (!mainTypes.has(opts.main.key)) throw unknownName('COLUMN_NOT_FOUND', 'Main table key column', opts.main.key, [...mainTypes.keys()]);
    const selects: string[] = [];
    const joins: string[] = [];
    const features: RelationalFeature[] = [];
    for (const [ci, child] of opts.children.entries()) {
      throwIfAborted(opts.signal, 'relational features');
      const t = `__child${ci}`;
      try {
        await db.materialize(t, fromClause(child.source));
      } catch (e) {
        throw new AskmlError('PARSE_ERROR', `Could not read child table '${child.name}' (${child.source}): ${(e as Error).message}`);
      }
      const types = await columnTypes(db, t);
      const names = [...types.keys()];
      if (!types.has(child.key)) throw unknownName('COLUMN_NOT_FOUND', `Key column of child table '${child.name}'`, child.key, names);
      if (child.time && !types.has(child.time)) throw unknownName('COLUMN_NOT_FOUND', `Time column of child table '${child.name}'`, child.time, names);
      for (const c of child.columns ?? []) if (!types.has(c)) throw unknownName('COLUMN_NOT_FOUND', `Column of child table '${child.name}'`, c, names);
      const cols = child.columns ?? names.filter((n) => n !== child.key && n !== child.time);
      const a = `__a${ci}`;
      const aggs: string[] = [`count(*) AS ${sqlIdent(`${child.name}__count`)}`];
      const add = (name: string, expr: string, reason: string, zeroWhenNone = false) => {
        aggs.push(`${expr} AS ${sqlIdent(name)}`);
        const ref = `${a}.${sqlIdent(name)}`;
        selects.push(zeroWhenNone ? `COALESCE(${ref}, 0) AS ${sqlIdent(name)}` : ref);
        features.push({ name, reason });
      };
      selects.push(`COALESCE(${a}.${sqlIdent(`${child.name}__count`)}, 0) AS ${sqlIdent(`${child.name}__count`)}`);
      features.push({ name: `${child.name}__count`, reason: `number of ${child.name} rows per ${opts.main.key}` });
      for (const c of cols) {
        const q = sqlIdent(c);
        const type = types.get(c) as string;
        const base = `${child.name}__${c}`;
        if (NUMERIC.test(type)) {
          for (const [agg, fn] of [['mean', 'avg'], ['std', 'stddev_samp'], ['min', 'min'], ['max', 'max'], ['sum', 'sum']]) {
            add(`${base}__${agg}`, `CAST(${fn}(${q}) AS DOUBLE)`, `${agg} of ${child.name}.${c} per ${opts.main.key}`);
          }
        } else if (type === 'BOOLEAN') {
          add(`${base}__mean`, `avg(CAST(${q} AS DOUBLE))`, `share of true ${child.name}.${c} per ${opts.main.key}`);
        } else if (!TIME.test(type)) {
          add(`${base}__distinct`, `CAST(count(DISTINCT ${q}) AS DOUBLE)`, `distinct ${child.name}.${c} values per ${opts.main.key}`, true);
        }
        if (child.time) {
          add(`${base}__last`, `arg_max(${q}, ${sqlIdent(child.time)})`, `most recent ${child.name}.${c} (by ${child.time})`);
        }
      }
      if (child.time) {
        const tq = sqlIdent(child.time);
        add(`${child.name}__${child.time}__first`, `min(${tq})`, `first ${child.name}.${child.time}`);
        add(`${child.name}__${child.time}__last`, `max(${tq})`, `last ${child.name}.${child.time}`);
      }
      const k = sqlIdent(child.key);
      joins.push(
        `LEFT JOIN (SELECT ${k} AS __k, ${aggs.join(', ')} FROM ${sqlIdent(t)} GROUP BY ${k}) ${a} ON m.${sqlIdent(opts.main.key)} = ${a}.__k`,
      );
    }
    const sql = `SELECT m.*${selects.length ? ', ' + selects.join(', ') : ''} FROM __main m ${joins.join(' ')} ORDER BY m.rowid`;
    const n = await db.materialize('__rel', `(${sql})`);
    if (n !== nRows) throw new AskmlError('INTERNAL', `Relational join changed the row count (${nRows} -> ${n}).`);
    const raw = await db.readColumns('__rel', n);
    return { frame: { nRows: n, columns: raw.map(toColumn) }, features, sql };
  });
}
