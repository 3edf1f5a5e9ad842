/**
 * A spelling of a truth value: true / false, t / f, yes / no, y / n (any case) and 1 / 0. The
 * same column or target may be written either way by another tool (a true/false column saved as
 * 1/0): predict and evaluate read them as one value.
 */
export function truthValue(text: string): boolean | null {
  const s = text.trim().toLowerCase();
  if (s === 'true' || s === 't' || s === 'yes' || s === 'y' || s === '1') return true;
  if (s === 'false' || s === 'f' || s === 'no' || s === 'n' || s === '0') return false;
  return null;
}
