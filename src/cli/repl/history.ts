/**
 * Chat history kept in the workspace (`<workspace>/chat_history`, one line per entry, oldest
 * first) so Up-arrow recalls lines from earlier sessions. Only interactive sessions write it;
 * piped scripts do not.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const HISTORY_SIZE = 500;

export function historyFile(workspaceDir: string): string {
  return path.join(workspaceDir, 'chat_history');
}

/** Entries newest first, as node:readline's `history` option wants them; consecutive repeats dropped. */
export function loadHistory(file: string, max = HISTORY_SIZE): string[] {
  if (!existsSync(file)) return [];
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  } catch {
    return []; // unreadable history is not worth failing the chat over
  }
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < max; i--) {
    if (out[out.length - 1] !== lines[i]) out.push(lines[i]);
  }
  return out;
}

/** Append one entry; the file is cut back to the last `max` entries when it grows past twice that. */
export function appendHistory(file: string, line: string, max = HISTORY_SIZE): void {
  const entry = line.replace(/[\r\n]+/g, ' ').trim();
  if (!entry) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${entry}\n`);
    const all = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    if (all.length > 2 * max) writeFileSync(file, `${all.slice(-max).join('\n')}\n`);
  } catch {
    // a read-only workspace only loses history
  }
}
