/**
 * Datasets for bench/gbdt.ts and bench/gbdt.py, written once to bench/.data/ as raw
 * little-endian arrays so both sides train on identical numbers:
 *   gbdt-<name>.json (meta), gbdt-<name>.{xtr,xte}.f64|f32, gbdt-<name>.{ytr,yte}.f64
 * letter and diamonds come from /work/shared/data (split files there); higgs is generated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/util/random.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(HERE, '.data');
const SHARED = path.resolve(HERE, '..', '..', 'shared', 'data');

export interface BenchMeta {
  name: string;
  task: 'binary' | 'multiclass' | 'regression';
  nClasses: number;
  cols: number;
  trainRows: number;
  testRows: number;
  dtype: 'f64' | 'f32';
}

export interface BenchData {
  meta: BenchMeta;
  xtr: Float64Array | Float32Array;
  ytr: Float64Array;
  xte: Float64Array | Float32Array;
  yte: Float64Array;
}

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function split(name: string, n: number): { train: number[]; test: number[] } {
  const s = JSON.parse(fs.readFileSync(path.join(SHARED, `${name}.split.json`), 'utf8')) as { test: number[] };
  const isTest = new Uint8Array(n);
  for (const i of s.test) isTest[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!isTest[i]) train.push(i);
  return { train, test: s.test };
}

function tabular(
  name: string,
  target: string,
  task: BenchMeta['task'],
  encode: (col: string, v: string) => number,
): BenchData {
  const { header, rows } = readCsv(path.join(SHARED, `${name}.csv`));
  const t = header.indexOf(target);
  const feats = header.map((_, i) => i).filter((i) => i !== t);
  const classes = task === 'regression' ? [] : [...new Set(rows.map((r) => r[t]))].sort();
  const { train, test } = split(name, rows.length);
  const take = (ids: number[]) => {
    const X = new Float64Array(ids.length * feats.length);
    const y = new Float64Array(ids.length);
    ids.forEach((r, i) => {
      feats.forEach((c, j) => (X[i * feats.length + j] = encode(header[c], rows[r][c])));
      y[i] = task === 'regression' ? Number(rows[r][t]) : classes.indexOf(rows[r][t]);
    });
    return { X, y };
  };
  const tr = take(train);
  const te = take(test);
  return {
    meta: {
      name,
      task,
      nClasses: task === 'regression' ? 1 : classes.length,
      cols: feats.length,
      trainRows: train.length,
      testRows: test.length,
      dtype: 'f64',
    },
    xtr: tr.X,
    ytr: tr.y,
    xte: te.X,
    yte: te.y,
  };
}

const ORD: Record<string, string[]> = {
  cut: ['Fair', 'Good', 'Very Good', 'Premium', 'Ideal'],
  color: ['D', 'E', 'F', 'G', 'H', 'I', 'J'],
  clarity: ['I1', 'SI2', 'SI1', 'VS2', 'VS1', 'VVS2', 'VVS1', 'IF'],
};

/** Higgs-shaped: 1M x 28 standard normals, y ~ Bernoulli(sigmoid(w.x + sin(2 x0) + x1 x2)). */
function higgs(): BenchData {
  const n = 1_000_000;
  const cols = 28;
  const rng = createRng(0);
  const X = new Float32Array(n * cols);
  const y = new Float64Array(n);
  const w = Array.from({ length: cols }, (_, j) => 0.5 * Math.sin(j + 1));
  for (let r = 0; r < n; r++) {
    let z = 0;
    for (let j = 0; j < cols; j++) {
      const v = Math.fround(rng.normal());
      X[r * cols + j] = v;
      z += w[j] * v;
    }
    z += Math.sin(2 * X[r * cols]) + X[r * cols + 1] * X[r * cols + 2];
    y[r] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const ntr = 800_000;
  return {
    meta: { name: 'higgs', task: 'binary', nClasses: 2, cols, trainRows: ntr, testRows: n - ntr, dtype: 'f32' },
    xtr: X.subarray(0, ntr * cols),
    ytr: y.subarray(0, ntr),
    xte: X.subarray(ntr * cols),
    yte: y.subarray(ntr),
  };
}

function build(name: string): BenchData {
  if (name === 'letter') return tabular('letter', 'lettr', 'multiclass', (_c, v) => Number(v));
  if (name === 'diamonds') {
    return tabular('diamonds', 'price', 'regression', (c, v) => (ORD[c] ? ORD[c].indexOf(v) : Number(v)));
  }
  if (name === 'higgs') return higgs();
  throw new Error(`unknown bench dataset ${name}`);
}

function write(d: BenchData): void {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const p = (s: string) => path.join(DATA_DIR, `gbdt-${d.meta.name}.${s}`);
  const buf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  fs.writeFileSync(p(`xtr.${d.meta.dtype}`), buf(d.xtr));
  fs.writeFileSync(p(`xte.${d.meta.dtype}`), buf(d.xte));
  fs.writeFileSync(p('ytr.f64'), buf(d.ytr));
  fs.writeFileSync(p('yte.f64'), buf(d.yte));
  fs.writeFileSync(p('json'), JSON.stringify(d.meta));
}

function read(name: string): BenchData | null {
  const p = (s: string) => path.join(DATA_DIR, `gbdt-${name}.${s}`);
  if (!fs.existsSync(p('json'))) return null;
  const meta = JSON.parse(fs.readFileSync(p('json'), 'utf8')) as BenchMeta;
  const load = (s: string, f32: boolean) => {
    const b = fs.readFileSync(p(s));
    const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    return f32 ? new Float32Array(ab) : new Float64Array(ab);
  };
  const f32 = meta.dtype === 'f32';
  return {
    meta,
    xtr: load(`xtr.${meta.dtype}`, f32),
    xte: load(`xte.${meta.dtype}`, f32),
    ytr: load('ytr.f64', false) as Float64Array,
    yte: load('yte.f64', false) as Float64Array,
  };
}

/** The dataset, built and written to bench/.data on first use. */
export function benchData(name: string): BenchData {
  const cached = read(name);
  if (cached) return cached;
  const d = build(name);
  write(d);
  return d;
}
