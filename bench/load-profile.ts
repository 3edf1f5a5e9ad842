/**
 * Load + profile benchmark: askml loadTable + profileFrame vs pandas read_csv +
 * describe(include='all') + isna().sum() + nunique(), on the same generated CSV in the same run.
 *
 *   node --import tsx bench/load-profile.ts [--rows 1000000] [--repeat 1]
 *
 * Data: a seeded 20-column mixed-type CSV (numbers with missing values, integers, categoricals,
 * booleans, dates, a label) written once to bench/.data/load-profile-<rows>.csv.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRng } from '../src/util/random.js';
import { loadTable } from '../src/data/load.js';
import { profileFrame } from '../src/data/profile.js';
import { duckThreads } from '../src/data/duckdb.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.join(HERE, '.data');

const CITIES = ['Oslo', 'Paris', 'Rome', 'Lima', 'Kyoto', 'Accra', 'Quito', 'Perth'];
const GRADES = ['A', 'B', 'C', 'D', 'E'];

async function generate(rows: number): Promise<string> {
  const file = path.join(DATA, `load-profile-${rows}.csv`);
  if (existsSync(file)) return file;
  await mkdir(DATA, { recursive: true });
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  const rng = createRng(42);
  const header = [
    ...Array.from({ length: 8 }, (_, j) => `num${j}`),
    'int0', 'int1', 'int2', 'count',
    'city', 'grade', 'code', 'segment',
    'flag', 'signup', 'score', 'label',
  ];
  out.write(`${header.join(',')}\n`);
  let buf: string[] = [];
  for (let i = 0; i < rows; i++) {
    const f: string[] = [];
    for (let j = 0; j < 8; j++) f.push(rng.next() < 0.02 ? '' : (rng.normal() * (j + 1) * 10).toFixed(4));
    f.push(String(rng.int(100)), String(rng.int(10_000)), String(1900 + rng.int(120)), String(rng.int(5)));
    f.push(CITIES[rng.int(CITIES.length)], GRADES[rng.int(GRADES.length)], `K${rng.int(500)}`, rng.next() < 0.05 ? '' : `seg_${rng.int(20)}`);
    f.push(rng.next() < 0.5 ? 'true' : 'false');
    const d = new Date(Date.UTC(2015, 0, 1) + rng.int(3650) * 86_400_000);
    f.push(d.toISOString().slice(0, 10));
    f.push(rng.next().toFixed(6), rng.next() < 0.3 ? 'yes' : 'no');
    buf.push(f.join(','));
    if (buf.length === 10_000) {
      if (!out.write(`${buf.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  }
  if (buf.length > 0) out.write(`${buf.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await rename(tmp, file);
  return file;
}

interface Row {
  peer: string;
  load_s: number;
  profile_s: number;
  /** CPU seconds (all threads): fairer than wall time on a shared, busy machine. */
  load_cpu_s: number;
  profile_cpu_s: number;
  peak_mb: number;
}

async function runOurs(file: string): Promise<Row> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const t0 = performance.now();
  const c0 = cpu();
  const { frame } = await loadTable(file);
  const t1 = performance.now();
  const c1 = cpu();
  const profile = profileFrame(frame);
  const t2 = performance.now();
  const c2 = cpu();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (profile.rows !== frame.nRows) throw new Error('row count mismatch');
  return {
    peer: 'askml',
    load_s: (t1 - t0) / 1000,
    profile_s: (t2 - t1) / 1000,
    load_cpu_s: c1 - c0,
    profile_cpu_s: c2 - c1,
    peak_mb: peak / 2 ** 20,
  };
}

function runPandas(file: string): Row {
  const out = execFileSync('/usr/bin/python3', [path.join(HERE, 'load-profile.py'), file], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as Row;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, repeat: { type: 'string' } } });
  const rows = Number(values.rows ?? 1_000_000);
  const repeat = Number(values.repeat ?? 1);
  const file = await generate(rows);
  const mb = statSync(file).size / 2 ** 20;
  const best = (rs: Row[]) => rs.reduce((x, y) => (x.load_cpu_s + x.profile_cpu_s <= y.load_cpu_s + y.profile_cpu_s ? x : y));
  const ours: Row[] = [];
  const peer: Row[] = [];
  for (let r = 0; r < repeat; r++) {
    ours.push(await runOurs(file));
    peer.push(runPandas(file));
  }
  const a = best(ours);
  const p = best(peer);
  const total = (x: Row) => x.load_s + x.profile_s;
  const totalCpu = (x: Row) => x.load_cpu_s + x.profile_cpu_s;
  const f = (x: number) => x.toFixed(2).padStart(7);
  const cells = (x: Row) =>
    [x.load_s, x.profile_s, total(x), x.load_cpu_s, x.profile_cpu_s, totalCpu(x), x.peak_mb].map(f).join(' |');
  console.log(`Load + profile: ${rows.toLocaleString('en-US')} rows x 20 columns, ${mb.toFixed(0)} MB CSV (best of ${repeat}; DuckDB threads ${duckThreads()})`);
  console.log('| tool | load s | profile s | total s | load CPU s | profile CPU s | total CPU s | peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of [a, p]) console.log(`| ${x.peer} |${cells(x)} |`);
  const r = (k: (x: Row) => number) => f(k(a) / k(p));
  console.log(
    `| ratio askml / pandas |${[r((x) => x.load_s), r((x) => x.profile_s), r(total), r((x) => x.load_cpu_s), r((x) => x.profile_cpu_s), r(totalCpu), r((x) => x.peak_mb)].join(' |')} |`,
  );
}

await main();
