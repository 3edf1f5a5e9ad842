/** Short, sortable, readable ids: `<prefix>_<yyyymmddhhmmss>_<random>`. */
import { randomBytes } from 'node:crypto';

export function newId(prefix: string): string {
  const t = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${prefix}_${t}_${randomBytes(3).toString('hex')}`;
}

const ID_RE = /^[a-z]+_[0-9]{14}_[0-9a-f]{6}$/;

/** Ids come from users and LLMs: accept only our own shape, so an id can never escape a folder. */
export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}
