/**
 * Saved transformer kinds -> loaders. A fitted pipeline is saved as a list of these JSON
 * objects and rebuilt here; an unknown kind is a VERSION_MISMATCH listing the known ones.
 */
import { AskmlError } from '../errors.js';
import { loadFrequency, loadOneHot, loadOrdinal } from './categorical.js';
import { loadDatetime } from './datetime.js';
import { loadNumeric } from './numeric.js';
import { loadTargetEncoder } from './target-encoding.js';
import { loadTfidf } from './text/tfidf.js';
import type { FittedTransformer, SavedTransformer } from './types.js';

const loaders: Record<string, (s: SavedTransformer) => FittedTransformer> = {
  numeric: loadNumeric,
  one_hot: loadOneHot,
  ordinal: loadOrdinal,
  frequency: loadFrequency,
  target_encoder: loadTargetEncoder,
  datetime_parts: loadDatetime,
  tfidf: loadTfidf,
};

export const TRANSFORMER_KINDS: readonly string[] = Object.keys(loaders);

export function loadTransformer(saved: SavedTransformer): FittedTransformer {
  const load = loaders[saved?.kind];
  if (!load) {
    throw new AskmlError('VERSION_MISMATCH', `Unknown saved feature step kind '${String(saved?.kind)}'.`, {
      choices: TRANSFORMER_KINDS,
      hint: 'The model was saved by a different askml version; refit it.',
    });
  }
  if (saved.version !== undefined && saved.version !== 1) {
    throw new AskmlError('VERSION_MISMATCH', `Saved feature step '${saved.kind}' has version ${String(saved.version)}; this askml reads version 1.`);
  }
  return load(saved);
}
