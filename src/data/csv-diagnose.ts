/**
 * Precise diagnoses for CSV files DuckDB refused: which line is ragged, which line is too long.
 * These run only on the error path, so they favour clarity over speed.
 */
import { open } from 'node:fs/promises';

export interface RaggedLine {
  /** 1-based physical line number in the file (the header is line 1). */
  line: number;
  expected: number;
  found: number;
}

const CANDIDATES = [',', '\t', ';', '|'];

/** The delimiter that occurs most often (outside quotes) in the first line, or null. */
export function guessDelimiter(text: string): string | null {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  let best: string | null = null;
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const n = countFields(first, d) - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Fields in one line (quote-aware). */
export function countFields(line: string, delim: string): number {
  let n = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === delim && !quoted) n++;
  }
  return n;
}

/**
 * The first record whose field count differs from the header's (quote-aware: a quoted field may
 * span lines). Blank lines are skipped. Null when every record has the header's width.
 */
export function findRaggedLine(text: string, delim: string): RaggedLine | null {
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let quoted = false;
  let expected = -1;
  let empty = true;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const ch = i < n ? text[i] : '\n';
    if (ch === '"') {
      quoted = !quoted;
      empty = false;
    } else if (quoted) {
      if (ch === '\n') line++;
    } else if (ch === delim) {
      fields++;
      empty = false;
    } else if (ch === '\n') {
      if (!empty) {
        if (expected < 0) expected = fields;
        else if (fields !== expected) return { line: recordLine, expected, found: fields };
      }
      line++;
      recordLine = line;
      fields = 1;
      empty = true;
    } else if (ch !== '\r') empty = false;
  }
  return null;
}

/**
 * The 1-based line of a double quote that is never closed (the rest of the file would be one
 * value), or null. Quotes toggle as in findRaggedLine; an escaped quote ("") toggles twice.
 */
export function findUnclosedQuote(text: string): number | null {
  let line = 1;
  let quoted = false;
  let openedAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      quoted = !quoted;
      if (quoted) openedAt = line;
    } else if (ch === '\n') line++;
  }
  return quoted ? openedAt : null;
}

/** The first line longer than `maxBytes` bytes: its 1-based number and length. */
export async function findLongLine(file: string, maxBytes: number): Promise<{ line: number; bytes: number } | null> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4 * 1024 * 1024);
    let line = 1;
    let len = 0;
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(0x0a, start);
        if (nl < 0 || nl >= bytesRead) {
          len += bytesRead - start;
          break;
        }
        len += nl - start;
        if (len > maxBytes) return { line, bytes: len };
        line++;
        len = 0;
        start = nl + 1;
      }
    }
    return len > maxBytes ? { line, bytes: len } : null;
  } finally {
    await fh.close();
  }
}

/**
 * The first carriage return outside quotes that does not end a line, in a file whose lines end with LF: its
 * 1-based line number (counting LF line ends). DuckDB cannot read such a file ("not possible to
 * detect the dialect" or "line too long"). Null when there is none, or when the file has no LF at
 * all (old Mac files end every line with a CR, which DuckDB reads).
 */
export async function findBareCarriageReturn(file: string): Promise<number | null> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4 * 1024 * 1024);
    let line = 1;
    let pos = 0;
    let sawLf = false;
    let firstBare: number | null = null;
    let pendingCr = false; // the previous byte was a CR outside quotes
    let quoted = false;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      for (let i = 0; i < bytesRead; i++) {
        const b = buf[i];
        if (pendingCr) {
          pendingCr = false;
          if (b !== 0x0a && firstBare === null) firstBare = line;
        }
        if (b === 0x22) quoted = !quoted;
        else if (b === 0x0a) {
          sawLf = true;
          line++;
        } else if (b === 0x0d && !quoted) pendingCr = true;
        if (sawLf && firstBare !== null) return firstBare;
      }
    }
    return sawLf ? firstBare : null;
  } finally {
    await fh.close();
  }
}
