/**
 * Checks of a separate test file against the data file, shared by the CLI flags (--test) and the
 * profile_data tool (test_path), so MCP clients get the same refusal as the CLI.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { AskmlError } from '../errors.js';

/**
 * Refuse a test file that is the data file (the same file, or a copy with the same bytes): the test
 * metrics would be measured on training rows. `what` names the argument ('--test', 'test_path').
 */
export function checkTestNotData(data: string, test: string, what = '--test'): void {
  const a = path.resolve(data);
  const b = path.resolve(test);
  if (!existsSync(a) || !existsSync(b) || !statSync(a).isFile() || !statSync(b).isFile()) return;
  const same = realpathSync(a) === realpathSync(b) || (statSync(a).size === statSync(b).size && fileHash(a) === fileHash(b));
  if (same) {
    throw new AskmlError('BAD_ARGUMENT', `${what} '${test}' holds the same rows as the data file '${data}'; the test metrics would be measured on training rows.`, {
      hint: what === '--test' ? 'Give a separate test file, or leave --test out for a seeded 20% holdout.' : `Give a separate test file, or set ${what} to null for a seeded 20% holdout.`,
      path: b,
    });
  }
}

function fileHash(p: string): string {
  return createHash('sha256').update(readFileSync(p)).digest('hex');
}
