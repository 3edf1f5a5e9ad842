/**
 * Prediction input that the model will read differently from its training data: text in a
 * column that was numeric (read as missing), and categories the encoders have no code for
 * (encoded like rare or unseen ones), text with no term the model learned (read as empty text).
 * Predictions still run; these warnings say which column and
 * which values, so a typo or a changed export format does not pass silently.
 */
import type { Column, Frame } from '../data/frame.js';
import { cellString, findColumn, isMissing } from '../data/frame.js';
import type { FeatureView } from '../features/types.js';
import type { Matrix } from '../learners/types.js';
import { FittedTfidf } from '../features/text/tfidf.js';
import { categoryKey, parseDecimal } from '../features/columns.js';
import { parseDate } from '../features/datetime.js';
import { truthValue } from '../util/truth.js';
import type { TrainedModel } from '../search/trained-model.js';
import type { ArtifactManifest } from './artifact.js';

/** At most this many example values per warning. */
const EXAMPLES = 3;

function quoted(values: string[]): string {
  return values.map((v) => `'${v.length > 40 ? `${v.slice(0, 39)}…` : v}'`).join(', ');
}

/**
 * Text cells of a string column that `parse` cannot read (NaN): numbers (numericValues parses with
 * Number()), or dates (parseDate). Their count, first row and a few distinct examples.
 */
function unreadable(col: Column, nRows: number, parse: (s: string) => number): { count: number; examples: string[]; firstRow: number } {
  const out = { count: 0, examples: [] as string[], firstRow: -1 };
  if (col.type !== 'categorical' && col.type !== 'text') return out;
  for (let i = 0; i < nRows; i++) {
    const key = categoryKey(col, i);
    if (key === null) continue;
    const s = key.trim();
    if (s === '' || !Number.isNaN(parse(s))) continue;
    if (out.count === 0) out.firstRow = i;
    out.count++;
    if (out.examples.length < EXAMPLES && !out.examples.includes(s)) out.examples.push(s);
  }
  return out;
}

/** "Column 'x' was numeric in training, but 1 of 4 values is not a number ('about 90'; first in data row 2); it is read as missing." */
function unreadableWarning(name: string, was: string, what: string, bad: { count: number; examples: string[]; firstRow: number }, n: number): string {
  return `Column '${name}' ${was} in training, but ${bad.count} of ${n} values ${bad.count === 1 ? 'is' : 'are'} not ${what} ` +
    `(${quoted(bad.examples)}; first in data row ${bad.firstRow + 1}); ${bad.count === 1 ? 'it is' : 'they are'} read as missing.`;
}

/** The encoders that keep a category list (categorical.ts, target-encoding.ts). */
const CATEGORY_STEPS = new Set(['one_hot', 'ordinal', 'frequency', 'target_encoder']);
/** Categories an encoder keeps at most (one-hot's cap, the smallest): a column with this many known was capped. */
const CAPPED_AT = 50;

/** Categories each input column's encoders know (union over the model's feature views). */
function knownCategories(model: TrainedModel): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  for (const p of Object.values(model.featurePipelines)) {
    for (const step of p?.steps ?? []) {
      // Not every step: toJSON() of a TF-IDF step would copy its whole vocabulary.
      if (!CATEGORY_STEPS.has(step.kind) || step.inputs.length !== 1) continue;
      const cats = step.toJSON().categories;
      if (!Array.isArray(cats)) continue;
      const set = known.get(step.inputs[0]) ?? new Set<string>();
      for (const c of cats) if (typeof c === 'string') set.add(c);
      known.set(step.inputs[0], set);
    }
  }
  return known;
}

/** Rows holding a category the encoders do not know, and those categories (first EXAMPLES, in row order). */
function unknownCategories(col: Column, nRows: number, known: Set<string>): { count: number; distinct: number; examples: string[] } {
  let count = 0;
  const seen = new Set<string>();
  const examples: string[] = [];
  const note = (key: string): void => {
    count++;
    if (seen.has(key)) return;
    seen.add(key);
    if (examples.length < EXAMPLES) examples.push(key);
  };
  if (col.type === 'categorical') {
    const unknownLevel = col.levels.map((l) => !known.has(l));
    for (let i = 0; i < nRows; i++) if (col.codes[i] >= 0 && unknownLevel[col.codes[i]]) note(col.levels[col.codes[i]]);
  } else {
    for (let i = 0; i < nRows; i++) {
      const key = categoryKey(col, i);
      if (key !== null && !known.has(key)) note(key);
    }
  }
  return { count, distinct: seen.size, examples };
}

export function inputWarnings(manifest: ArtifactManifest, model: TrainedModel, frame: Frame): string[] {
  const warnings: string[] = [];
  const n = frame.nRows;
  const known = knownCategories(model);
  const empty: string[] = [];
  for (const { name, type } of manifest.schema) {
    const col = findColumn(frame, name);
    if (!col) continue;
    if (n >= 2 && allMissing(col, n)) {
      empty.push(name);
      continue;
    }
    if (type === 'numeric' || type === 'datetime') {
      // Dates that arrive as text (a cell no reader took as a date) are parsed per cell, as numbers are.
      const bad = type === 'numeric' ? unreadable(col, n, parseDecimal) : unreadable(col, n, parseDate);
      if (bad.count > 0) warnings.push(type === 'numeric' ? unreadableWarning(name, 'was numeric', 'a number', bad, n) : unreadableWarning(name, 'held dates', 'a date', bad, n));
    } else if (type === 'categorical' && known.has(name)) {
      const kept = known.get(name)!;
      const un = unknownCategories(col, n, kept);
      if (un.count > 0 && kept.size >= CAPPED_AT) {
        // The encoders kept only the most frequent training categories (one-hot: 50): the rest of
        // training's categories share a code too, so these rows need not be new (audit: predicting
        // the training file itself warned that most rows held categories the model had no code for).
        const many = un.distinct === 1 ? 'a category' : `${un.distinct} categories`;
        warnings.push(
          `Column '${name}': ${un.count} of ${n} rows hold ${many} outside the ${kept.size} the model encodes one by one ` +
            `(${quoted(un.examples)}${un.distinct > un.examples.length ? ', ...' : ''}); ${un.distinct === 1 ? 'it shares' : 'they share'} one code with the rarer categories of training, as a category training never saw would.`,
        );
      } else if (un.count > 0) {
        warnings.push(
          `Column '${name}': ${un.count} of ${n} rows hold ${un.distinct === 1 ? 'a category' : `${un.distinct} categories`} the model has no code for ` +
            `(${quoted(un.examples)}${un.distinct > un.examples.length ? ', ...' : ''}); ${un.distinct === 1 ? 'it is' : 'they are'} encoded like the rare and unseen categories of training.`,
        );
      }
    }
  }
  // Rows with nothing to read: a blank line in a file to predict, or an export gone wrong (audit: predicted with no word).
  const cols = manifest.schema.map((c) => findColumn(frame, c.name)).filter((c): c is Column => c !== undefined);
  if (cols.length > 0 && empty.length < cols.length) {
    let blank = 0;
    let first = -1;
    for (let i = 0; i < n; i++) {
      if (cols.every((c) => isMissing(c, i) || (c.type !== 'numeric' && cellString(c, i).trim() === ''))) {
        blank++;
        if (first < 0) first = i;
      }
    }
    if (blank > 0) {
      warnings.push(
        `${blank} of ${n} rows have every column the model reads missing (first in data row ${first + 1}); ${blank === 1 ? 'its prediction is' : 'their predictions are'} the model's answer for an empty row.`,
      );
    }
  }
  if (empty.length > 0) {
    warnings.unshift(
      `${empty.length === 1 ? 'Column' : 'Columns'} ${quoted(empty)} ${empty.length === 1 ? 'is' : 'are'} empty in every row of this file; the model reads ${empty.length === 1 ? 'it' : 'them'} as missing everywhere, which can change its predictions (fill ${empty.length === 1 ? 'it' : 'them'} in if the values exist).`,
    );
  }
  return warnings;
}

function allMissing(col: Column, n: number): boolean {
  for (let i = 0; i < n; i++) if (!isMissing(col, i)) return false;
  return true;
}

/**
 * Cells read as the model's training types. A numeric column the model encodes as categories is
 * read as numbers when it arrives as text (below). A true/false column is read as boolean only when every cell of that file is true or false
 * (load.ts), so the same column may arrive as a boolean in one file and as text in another (one
 * 'unknown' cell, or the training file had one). Each cell must mean the same whatever the rest of
 * the file holds: a column the model saw as boolean is read as boolean (true/false, t/f, yes/no,
 * y/n in any case, 1/0; anything else missing, with a warning), and a boolean column the model saw as categories is
 * given back the model's own spelling of true and false. Returns the frame to predict on.
 */
export function alignInputTypes(manifest: ArtifactManifest, model: TrainedModel, frame: Frame): { frame: Frame; warnings: string[] } {
  const warnings: string[] = [];
  const known = knownCategories(model);
  let columns: Column[] | null = null;
  const replace = (old: Column, col: Column): void => {
    columns ??= [...frame.columns];
    columns[columns.indexOf(old)] = col;
  };
  for (const { name, type } of manifest.schema) {
    const col = findColumn(frame, name);
    if (!col) continue;
    if (type === 'boolean' && (col.type === 'categorical' || col.type === 'text' || col.type === 'numeric')) {
      const values = new Float64Array(frame.nRows);
      const other = new Set<string>();
      let bad = 0;
      for (let i = 0; i < frame.nRows; i++) {
        const key = categoryKey(col, i);
        const t = key === null ? null : truthValue(key);
        const v = key === null ? null : t === null ? undefined : t ? 1 : 0;
        if (v === undefined) {
          bad++;
          if (other.size < EXAMPLES) other.add(key!);
        }
        values[i] = v === null || v === undefined ? NaN : v;
      }
      replace(col, { name: col.name, type: 'boolean', values });
      if (bad > 0) {
        warnings.push(`Column '${name}' was true/false in training, but ${bad} of ${frame.nRows} values ${bad === 1 ? 'is' : 'are'} neither (${quoted([...other])}); ${bad === 1 ? 'it is' : 'they are'} read as missing.`);
      }
    } else if (type === 'numeric' && (col.type === 'categorical' || col.type === 'text') && known.has(name)) {
      // A numeric column the model encodes as categories (garage 0/1, one-hot) that arrives as text
      // (one 'n/a' or 'true' cell): each cell is read as a number, so '1.0' and ' 1' are category '1'
      // as in training (audit: they were unseen categories, predicted as missing without a word).
      const values = new Float64Array(frame.nRows);
      for (let i = 0; i < frame.nRows; i++) {
        const key = categoryKey(col, i);
        values[i] = key === null || key.trim() === '' ? NaN : parseDecimal(key.trim());
      }
      const bad = unreadable(col, frame.nRows, parseDecimal);
      if (bad.count > 0) warnings.push(unreadableWarning(name, 'was numeric', 'a number', bad, frame.nRows));
      replace(col, { name: col.name, type: 'numeric', values });
    } else if (col.type === 'boolean' && type !== 'boolean' && known.has(name)) {
      // The model knows this column's categories, e.g. 'True', 'False', 'unknown': use its spelling.
      const cats = [...known.get(name)!];
      const spell = (word: 'true' | 'false'): string => cats.find((c) => c.toLowerCase() === word) ?? (cats.includes(word === 'true' ? '1' : '0') ? (word === 'true' ? '1' : '0') : word);
      const levels = [spell('false'), spell('true')];
      const codes = new Int32Array(frame.nRows);
      for (let i = 0; i < frame.nRows; i++) codes[i] = Number.isNaN(col.values[i]) ? -1 : col.values[i] === 1 ? 1 : 0;
      replace(col, { name: col.name, type: 'categorical', codes, levels });
    }
  }
  return { frame: columns ? { ...frame, columns } : frame, warnings };
}

/**
 * Rows whose text holds no term (word, character n-gram) of the model's vocabulary: the model reads
 * them as empty text, and a text-only model gives them all the same prediction (audit: English
 * titles to a Chinese news model came back as one class, with no warning). Found in the feature
 * matrices predict builds anyway (`views`, from model.features).
 */
export function unknownTextWarnings(model: TrainedModel, views: Partial<Record<FeatureView, Matrix>>, frame: Frame): string[] {
  const n = frame.nRows;
  const hasTerm = new Map<string, Uint8Array>();
  for (const [view, X] of Object.entries(views) as [FeatureView, Matrix][]) {
    const pipeline = model.featurePipelines[view];
    if (!pipeline || X.kind !== 'csr') continue;
    let off = 0;
    for (const step of pipeline.steps) {
      const width = step.outputs.length;
      if (step instanceof FittedTfidf) {
        const seen = hasTerm.get(step.inputs[0]) ?? new Uint8Array(n);
        // Terms of spaces and punctuation only (a char n-gram ' ') match any text: they do not count.
        const wordy = step.vocabulary.map((t) => /[\p{L}\p{N}]/u.test(t));
        for (let i = 0; i < n; i++) {
          if (seen[i]) continue;
          for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) {
            const j = X.indices[q];
            if (j >= off && j < off + width && X.data[q] !== 0 && wordy[j - off]) {
              seen[i] = 1;
              break;
            }
          }
        }
        hasTerm.set(step.inputs[0], seen);
      }
      off += width;
    }
  }
  const out: string[] = [];
  for (const [name, seen] of hasTerm) {
    const col = findColumn(frame, name);
    if (!col) continue;
    let count = 0;
    const examples: string[] = [];
    for (let i = 0; i < n; i++) {
      if (seen[i] || isMissing(col, i)) continue;
      const text = cellString(col, i).trim();
      if (text === '') continue;
      count++;
      if (examples.length < EXAMPLES) examples.push(text);
    }
    if (count > 0) {
      out.push(
        `Column '${name}': ${count} of ${n} rows hold text with no word, letter or digit the model learned (${quoted(examples)}${count > examples.length ? ', ...' : ''}); ` +
          `the model reads ${count === 1 ? 'it' : 'them'} as (nearly) empty text, so ${count === 1 ? 'its prediction rests' : 'their predictions rest'} on the other columns alone (or on none).`,
      );
    }
  }
  return out;
}
