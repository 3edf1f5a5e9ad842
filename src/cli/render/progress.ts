/**
 * Progress on stderr: a bar redrawn in place on a TTY, plain lines (at most one per few seconds,
 * plus every new best) when stderr is a pipe or a file.
 */
import type { ProgressUpdate } from '../../../tools/define-tool.js';

export interface ProgressLine {
  update(u: ProgressUpdate): void;
  /** Print a line above the bar (step starts and ends). */
  line(text: string): void;
  done(): void;
}

const WIDTH = 24;
const PLAIN_EVERY_MS = 3000;

/** `unit`: 's' for a time budget (the default), ' trials' for a trial count. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr, o: { unit?: string; quiet?: boolean } = {}): ProgressLine {
  const unit = o.unit ?? 's';
  const quiet = o.quiet ?? false;
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  let lastPlain = 0;
  let lastMessage = '';
  /** The last plain line not printed (throttled), printed by done() so a log ends where the work did. */
  let pending: string | null = null;
  const clear = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const flush = () => {
    if (pending !== null) stream.write(pending);
    pending = null;
  };
  return {
    update(u) {
      if (quiet) return;
      const total = u.total ?? null;
      const frac = total ? Math.min(1, u.progress / total) : null;
      const p = Number.isInteger(u.progress) ? String(u.progress) : u.progress.toFixed(1);
      const counter = total ? `${p}/${total}${unit}` : `${p}${unit}`;
      const msg = u.message ?? '';
      if (tty) {
        const bar = frac === null ? '' : `[${'#'.repeat(Math.round(frac * WIDTH)).padEnd(WIDTH, '.')}] `;
        stream.write(`\r\x1b[2K${bar}${counter}  ${msg}`);
        drawn = true;
        return;
      }
      const now = Date.now();
      const newBest = msg !== lastMessage && /best/.test(msg) && msg.split(' after ')[0] !== lastMessage.split(' after ')[0];
      const text = `  ${counter}  ${msg}\n`;
      if (now - lastPlain >= PLAIN_EVERY_MS || newBest) {
        stream.write(text);
        lastPlain = now;
        lastMessage = msg;
        pending = null;
      } else pending = text;
    },
    line(text) {
      if (quiet) return;
      clear();
      flush();
      stream.write(`${text}\n`);
    },
    done() {
      clear();
      flush();
    },
  };
}

/** The progress counter's unit in the output language: 's' / ' trials', or ' 秒' / ' 次' in Chinese. */
export function unitLabel(trials: boolean, lang: 'en' | 'zh'): string {
  if (lang === 'zh') return trials ? ' 次' : ' 秒';
  return trials ? ' trials' : 's';
}

/**
 * A search's progress message ('best accuracy 0.81 after 12 trials', '1 trial, no score yet',
 * either with ' (4.2 s)' for a trial-count search; src/task/run-search.ts) in Chinese for 'zh'.
 * Other messages are returned as they are.
 */
export function progressMessage(msg: string, lang: 'en' | 'zh'): string {
  if (lang !== 'zh') return msg;
  if (msg === 'building the features (part of the budget)') return '构建特征（计入预算）';
  if (msg === 'building the features') return '构建特征';
  const fit = /^fitting the final model \((.+)\)( \(([\d.]+) s\))?$/.exec(msg);
  if (fit) return `训练最终模型（${fit[1]}）${fit[2] ? `（${fit[3]} 秒）` : ''}`;
  const m = /^(?:best (\S+) (\S+) after (\d+) trials?|(\d+) trials?, no score yet)( \(([\d.]+) s\))?$/.exec(msg);
  if (!m) return msg;
  const head = m[1] !== undefined ? `${m[3]} 次试验后最佳 ${m[1]} ${m[2]}` : `${m[4]} 次试验，还没有得分`;
  return m[5] ? `${head}（${m[6]} 秒）` : head;
}
