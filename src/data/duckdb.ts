/**
 * The one module that imports DuckDB. Everything else in askml sees plain typed arrays.
 *
 * A session is an in-memory DuckDB database that lives for one load. `materialize` runs a
 * table function (read_csv, read_json, read_parquet) into a temp table, so parse errors surface
 * in one place; `readColumns` then streams that table chunk by chunk into typed arrays, casting
 * in SQL so JavaScript only ever sees DOUBLE, BOOLEAN or VARCHAR vectors.
 */
import { availableParallelism } from 'node:os';
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';

export type RawKind = 'number' | 'boolean' | 'datetime' | 'string';

export interface RawNumberColumn {
  name: string;
  kind: 'number' | 'boolean' | 'datetime';
  /** DuckDB's type name, e.g. BIGINT, DOUBLE, DATE. */
  sqlType: string;
  values: Float64Array;
}

/** A string column dictionary-encoded inside DuckDB: levels sorted, -1 for missing. */
export interface RawCodesColumn {
  name: string;
  kind: 'codes';
  sqlType: string;
  codes: Int32Array;
  levels: string[];
}

export interface RawStringColumn {
  name: string;
  kind: 'string';
  sqlType: string;
  values: (string | null)[];
}

export type RawColumn = RawNumberColumn | RawCodesColumn | RawStringColumn;

/**
 * Decides, from a strided sample of a string column's non-missing values, whether to
 * dictionary-encode it inside DuckDB ('codes') or return the strings ('strings').
 */
export type StringPlan = (name: string, sample: string[]) => 'codes' | 'strings';

export interface DuckSession {
  /** Run SQL and return rows as JSON-safe values (small results only). */
  rows(sql: string): Promise<unknown[][]>;
  /** Run a statement for its side effect. */
  exec(sql: string): Promise<void>;
  /** `CREATE TEMP TABLE name AS SELECT * FROM <from>`; returns the row count. */
  materialize(name: string, from: string): Promise<number>;
  /** Every column of a materialized table as typed arrays. */
  readColumns(table: string, nRows: number, plan?: StringPlan): Promise<RawColumn[]>;
}

/** Quote a string as a SQL literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Quote an identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Run `fn` with a fresh in-memory DuckDB; the database is always closed afterwards. */
export async function withDuck<T>(fn: (s: DuckSession) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(duckThreads()) });
  const con = await instance.connect();
  try {
    return await fn(session(con));
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/**
 * DuckDB worker threads: one less than the cores (at least 1, at most 4), or ASKML_DUCKDB_THREADS.
 * Measured on the 2-core machine: 1 thread parsed a 24 MB CSV in 0.25 s, 2 threads in 0.6-0.9 s
 * (the second thread competes with Node's own thread for the two cores).
 */
export function duckThreads(): number {
  const env = Number(process.env.ASKML_DUCKDB_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Run one statement in a throwaway database (tests and small tools, e.g. COPY ... TO parquet). */
export async function execSql(sql: string): Promise<void> {
  await withDuck((s) => s.exec(sql));
}

const NUMBER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);
const DATETIME_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.DATE,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

function kindOf(typeId: DuckDBTypeId): RawKind {
  if (NUMBER_TYPES.has(typeId)) return 'number';
  if (typeId === DuckDBTypeId.BOOLEAN) return 'boolean';
  if (DATETIME_TYPES.has(typeId)) return 'datetime';
  return 'string';
}

/**
 * The SQL expression that turns a column of `kind` into DOUBLE or VARCHAR. A JSON column (an alias
 * of VARCHAR: the node API reports its type id as VARCHAR) holds JSON text, '"n/a"' with its
 * quotes, and comparing it with '' parses '' as JSON and fails: its values are extracted as
 * plain strings instead (JSON files get a better reading in json-columns.ts; this covers the rest,
 * e.g. a Parquet JSON column).
 */
function castExpr(name: string, kind: RawKind, typeId: DuckDBTypeId, alias?: string): string {
  const c = sqlIdent(name);
  if (kind === 'string' && alias?.toUpperCase() === 'JSON') return `(${c}->>'$')`;
  switch (kind) {
    case 'number':
      return typeId === DuckDBTypeId.DOUBLE ? c : `CAST(${c} AS DOUBLE)`;
    case 'boolean':
      return `CAST(${c} AS DOUBLE)`;
    case 'datetime':
      return `CAST(epoch_ms(CAST(${c} AS TIMESTAMP)) AS DOUBLE)`;
    default:
      return typeId === DuckDBTypeId.VARCHAR ? c : `CAST(${c} AS VARCHAR)`;
  }
}

function session(con: DuckDBConnection): DuckSession {
  return {
    async rows(sql) {
      const reader = await con.runAndReadAll(sql);
      return reader.getRowsJson() as unknown[][];
    },
    async exec(sql) {
      await con.run(sql);
    },
    async materialize(name, from) {
      await con.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(name)} AS SELECT * FROM ${from}`);
      const reader = await con.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${sqlIdent(name)}`);
      return Number(reader.getRowsJson()[0][0]);
    },
    async readColumns(table, nRows, plan) {
      const t = sqlIdent(table);
      const probe = await con.run(`SELECT * FROM ${t} LIMIT 0`);
      const names = probe.columnNames();
      const typeIds = names.map((_, i) => probe.columnTypeId(i));
      const types = names.map((_, i) => probe.columnType(i));
      const typeNames = types.map((t) => t.alias ?? t.toString());
      const kinds = typeIds.map(kindOf);
      // Integers beyond 2^53 (19-digit ids: order numbers, snowflake ids) have no exact double:
      // such a column is read as text, digits intact, like any other identifier.
      for (const i of await unsafeIntegerColumns(con, t, names, typeIds)) kinds[i] = 'string';
      const strExpr = names.map((n, i) => `NULLIF(${castExpr(n, 'string', typeIds[i], types[i].alias)}, '')`);
      const stringCols = names.map((_, i) => i).filter((i) => kinds[i] === 'string');
      const plans = plan ? await planStrings(con, t, nRows, stringCols.map((i) => strExpr[i])) : null;
      const out: RawColumn[] = [];
      const select: string[] = [];
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        const sqlType = typeNames[i];
        if (kinds[i] !== 'string') {
          out.push({ name, kind: kinds[i] as 'number', sqlType, values: new Float64Array(nRows) });
          select.push(`coalesce(${castExpr(name, kinds[i], typeIds[i])}, 'NaN'::DOUBLE)`);
          continue;
        }
        const str = strExpr[i];
        const p = plans?.[stringCols.indexOf(i)];
        const how = plan && p ? plan(name, p) : 'strings';
        if (how === 'codes') {
          const type = sqlIdent(`askml_enum_${i}`);
          await con.run(`CREATE TYPE ${type} AS ENUM (SELECT DISTINCT ${str} AS v FROM ${t} WHERE v IS NOT NULL ORDER BY v)`);
          const levels = ((await con.runAndReadAll(`SELECT unnest(enum_range(NULL::${type}))`)).getRowsJson() as string[][]).map((r) => r[0]);
          out.push({ name, kind: 'codes', sqlType, codes: new Int32Array(nRows), levels });
          select.push(`coalesce(CAST(enum_code(CAST(${str} AS ${type})) AS DOUBLE), -1)`);
        } else {
          out.push({ name, kind: 'string', sqlType, values: new Array<string | null>(nRows).fill(null) });
          select.push(str);
        }
      }
      if (names.length === 0) return out;
      const result = await con.stream(`SELECT ${select.join(', ')} FROM ${t}`);
      let offset = 0;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        for (let c = 0; c < out.length; c++) {
          const vec = chunk.getColumnVector(c) as DuckDBVector<number | string>;
          const col = out[c];
          if (col.kind === 'string') {
            const dst = col.values;
            for (let i = 0; i < n; i++) dst[offset + i] = vec.getItem(i) as string | null;
          } else {
            copyDoubles(vec, n, col.kind === 'codes' ? col.codes : col.values, offset);
          }
        }
        offset += n;
      }
      return out;
    },
  };
}

const WIDE_INTEGERS = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/** Indexes of the 64/128-bit integer columns holding a value beyond +-(2^53 - 1) (one query for all). */
async function unsafeIntegerColumns(con: DuckDBConnection, table: string, names: string[], typeIds: DuckDBTypeId[]): Promise<number[]> {
  const wide = names.map((_, i) => i).filter((i) => WIDE_INTEGERS.has(typeIds[i]));
  if (wide.length === 0) return [];
  // min/max, not abs: abs() of BIGINT's smallest value overflows.
  const tests = wide.map((i) => `coalesce(max(${sqlIdent(names[i])}) > 9007199254740991 OR min(${sqlIdent(names[i])}) < -9007199254740991, false)`);
  const row = (await con.runAndReadAll(`SELECT ${tests.join(', ')} FROM ${table}`)).getRowsJson()[0] as boolean[];
  return wide.filter((_, k) => row[k] === true);
}

/** For each string expression, a strided sample of its non-null values (one query for all). */
async function planStrings(con: DuckDBConnection, table: string, nRows: number, exprs: string[]): Promise<string[][]> {
  if (exprs.length === 0) return [];
  const step = Math.max(1, Math.floor(nRows / SAMPLE));
  const sampled = await con.runAndReadAll(`SELECT ${exprs.join(', ')} FROM ${table} WHERE rowid % ${step} = 0 LIMIT ${SAMPLE}`);
  const cols = sampled.getColumnsJson() as (string | null)[][];
  return cols.map((c) => c.filter((v): v is string => v !== null));
}

const SAMPLE = 5_000;

/**
 * Copy a DOUBLE vector with no NULLs (coalesced in SQL) into `dst`. The vector's backing
 * Float64Array is used directly when the binding exposes it; getItem otherwise.
 */
function copyDoubles(vec: DuckDBVector<number | string>, n: number, dst: Float64Array | Int32Array, offset: number): void {
  const items = (vec as unknown as { items?: unknown }).items;
  if (items instanceof Float64Array && items.length >= n) {
    dst.set(items.subarray(0, n), offset);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = vec.getItem(i) as number | null;
    dst[offset + i] = v === null ? NaN : v;
  }
}

/** Table t's columns and their DuckDB types. */
export async function columnTypes(db: DuckSession): Promise<[string, string][]> {
  return (await db.rows('SELECT column_name, column_type FROM (DESCRIBE t)')) as [string, string][];
}
