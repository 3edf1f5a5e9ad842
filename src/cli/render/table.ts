/**
 * Plain-text tables for terminals. Widths count East Asian wide characters (CJK) as two cells so
 * Chinese column names and values line up.
 */
export interface TableOptions {
  /** 'r' right-aligns a column (numbers); default left. */
  align?: ('l' | 'r')[];
  /** Longest cell, in display cells, before it is cut with an ellipsis. */
  maxWidth?: number;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** Cut `s` to at most `max` display cells. */
export function truncate(s: string, max: number): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  if (displayWidth(flat) <= max) return flat;
  let out = '';
  let w = 0;
  for (const ch of flat) {
    const cw = isWide(ch.codePointAt(0) as number) ? 2 : 1;
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/**
 * Cut `s` to at most `max` display cells by dropping its middle: 'customer_value_…_q1'. Names that
 * differ only at the end (a year, a quarter, a version suffix) stay apart.
 */
export function truncateMiddle(s: string, max: number): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  if (displayWidth(flat) <= max) return flat;
  const chars = [...flat];
  const room = Math.max(0, max - 1);
  const tailRoom = Math.floor(room / 3);
  let tail = '';
  let w = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = displayWidth(chars[i]);
    if (w + cw > tailRoom) break;
    tail = chars[i] + tail;
    w += cw;
  }
  return `${truncate(flat, max - w)}${tail}`;
}

/**
 * The cells of one table column, each cut to `max` cells. Different values that would print the
 * same once cut (two long column names sharing a prefix) are cut in the middle instead, keeping
 * their ends; values that still look alike are printed whole, so no two rows ever read the same
 * unless they are the same.
 */
export function fitColumn(values: readonly string[], max: number): string[] {
  const out = values.map((v) => truncate(v, max));
  for (const cut of [(v: string) => truncateMiddle(v, max), (v: string) => v.replace(/[\r\n\t]+/g, ' ')]) {
    const clashing = clashes(values, out);
    if (clashing.size === 0) break;
    for (const i of clashing) out[i] = cut(values[i]);
  }
  return out;
}

/** Rows whose shown text equals another row's while their values differ. */
function clashes(values: readonly string[], shown: readonly string[]): Set<number> {
  const byShown = new Map<string, number[]>();
  shown.forEach((s, i) => {
    const list = byShown.get(s);
    if (list) list.push(i);
    else byShown.set(s, [i]);
  });
  const out = new Set<number>();
  for (const rows of byShown.values()) {
    if (rows.length > 1 && new Set(rows.map((i) => values[i])).size > 1) for (const i of rows) out.add(i);
  }
  return out;
}

function pad(s: string, width: number, align: 'l' | 'r'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'r' ? fill + s : s + fill;
}

export function renderTable(headers: string[], rows: string[][], opts: TableOptions = {}): string {
  const max = opts.maxWidth ?? 40;
  const all = [headers, ...rows];
  const columns = headers.map((_, j) => fitColumn(all.map((r) => r[j] ?? ''), max));
  const cells = all.map((r, i) => r.map((_, j) => columns[j]?.[i] ?? truncate(r[j], max)));
  const widths = headers.map((_, j) => Math.max(...cells.map((r) => displayWidth(r[j] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, j) => pad(c ?? '', widths[j], opts.align?.[j] ?? 'l'))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** 1234567 -> '1,234,567'. */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A number with about 4 significant digits. */
export function formatNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  // Large scores (RMSE, MAE of prices) keep every whole digit: 24114.2, not 24110.
  if (a >= 1000 && a < 1e9) return String(Number(x.toFixed(1)));
  if (a >= 1e9 || (a > 0 && a < 1e-3)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

export function formatBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  if (b < 1024 ** 2) return `${(b / 1024).toFixed(1)} KB`;
  if (b < 1024 ** 3) return `${(b / 1024 ** 2).toFixed(1)} MB`;
  return `${(b / 1024 ** 3).toFixed(2)} GB`;
}

export function formatPct(x: number): string {
  if (x === 0) return '0%';
  if (x < 0.001) return '<0.1%';
  return `${(x * 100).toFixed(1)}%`;
}
