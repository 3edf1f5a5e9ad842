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

function pad(s: string, width: number, align: 'l' | 'r'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'r' ? fill + s : s + fill;
}

export function renderTable(headers: string[], rows: string[][], opts: TableOptions = {}): string {
  const max = opts.maxWidth ?? 40;
  const cells = [headers, ...rows].map((r) => r.map((c) => truncate(c, max)));
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
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return x.toExponential(2);
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
