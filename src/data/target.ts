/**
 * encodeTarget: the target column -> the learners' Target (class index as float, or the value),
 * with class labels in a deterministic order (numbers ascending, strings by code point) and the
 * rows that have a target value. Rows with a missing target are dropped and counted.
 */
import { AskmlError, unknownName } from '../errors.js';
import { columnNames, findColumn, type Frame } from './frame.js';
import type { Target, TaskType } from '../learners/types.js';
import { inferTask, mostlyNumeric } from './roles.js';

export interface EncodedTarget {
  /** y has one entry per kept row (rows[i] is its index in the frame). */
  target: Target;
  /** Class labels in class-index order (classification), null for regression. */
  labels: string[] | null;
  task: TaskType;
  /** Frame row indices that have a target value, ascending. */
  rows: Int32Array;
  /** Rows dropped because the target was missing. */
  dropped: number;
}

/** The largest regression target magnitude: squares and sums of squares of larger values overflow. */
export const MAX_REGRESSION_TARGET = 1e100;

export function encodeTarget(frame: Frame, targetName: string, task?: TaskType): EncodedTarget {
  const col = findColumn(frame, targetName);
  if (!col) throw unknownName('COLUMN_NOT_FOUND', 'Target column', targetName, columnNames(frame));
  const n = frame.nRows;
  const keep = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const missing = col.type === 'categorical' ? col.codes[i] < 0 : col.type === 'text' ? col.values[i] === null : Number.isNaN(col.values[i]);
    if (!missing) keep[k++] = i;
  }
  const rows = keep.slice(0, k);
  if (k === 0) {
    throw new AskmlError('BAD_TARGET', `Target column '${targetName}' has no values (all ${n} rows are missing).`, {
      column: targetName,
      choices: columnNames(frame).filter((c) => c !== targetName),
      hint: 'Choose another target column.',
    });
  }
  const t = task ?? inferTask(col);
  if (t === 'regression') {
    if (col.type === 'categorical' || col.type === 'text') {
      const mostly = mostlyNumeric(col);
      if (mostly) {
        const shown = mostly.labels.slice(0, 5).map((l) => `'${l}'`).join(', ');
        throw new AskmlError(
          'BAD_TARGET',
          `Target column '${targetName}' holds numbers except in ${mostly.rows.length} of ${mostly.nonMissing} rows (${shown}; first in data row ${mostly.rows[0] + 1}), so it cannot be read as a number.`,
          {
            column: targetName,
            value: mostly.labels[0],
            row: mostly.rows[0] + 1,
            hint: 'Empty those cells (an empty target is read as missing and its row is left out), or ask for classification (task multiclass) to treat every value as a class.',
          },
        );
      }
      throw new AskmlError('BAD_TARGET', `Target column '${targetName}' holds text labels; regression needs numbers.`, {
        column: targetName,
        hint: 'Use a classification task (binary or multiclass) for this target.',
      });
    }
    const y = new Float64Array(k);
    for (let i = 0; i < k; i++) y[i] = col.values[rows[i]];
    const bad = y.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw nonFinite(targetName, y, rows, bad);
    // 1e308: squared errors overflow to Infinity and every trial fails to score (audit: "No trial finished within the budget").
    const huge = y.findIndex((v) => Math.abs(v) >= MAX_REGRESSION_TARGET);
    if (huge >= 0) {
      throw new AskmlError('BAD_TARGET', `Target column '${targetName}' holds ${y[huge]} (data row ${rows[huge] + 1}); values of ${MAX_REGRESSION_TARGET} or more overflow squared errors, so no model can be scored.`, {
        column: targetName,
        value: String(y[huge]),
        row: rows[huge] + 1,
        hint: 'Rescale the target (divide it by a power of ten, or take its logarithm), or leave those rows out.',
      });
    }
    if (y.every((v) => v === y[0])) throw oneClass(targetName, String(y[0]));
    return { target: { task: t, y, nClasses: 1 }, labels: null, task: t, rows, dropped: n - k };
  }

  // Classification: raw label per kept row, then a sorted label dictionary.
  let labels: string[];
  const y = new Float64Array(k);
  if (col.type === 'categorical' || col.type === 'text') {
    const raw = rows.length > 0 ? Array.from(rows, (r) => (col.type === 'categorical' ? col.levels[col.codes[r]] : (col.values[r] as string))) : [];
    labels = [...new Set(raw)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(labels.map((l, i) => [l, i]));
    for (let i = 0; i < k; i++) y[i] = index.get(raw[i]) as number;
  } else {
    const values = Array.from(rows, (r) => col.values[r]);
    const uniq = [...new Set(values)].sort((a, b) => a - b);
    const index = new Map(uniq.map((v, i) => [v, i]));
    for (let i = 0; i < k; i++) y[i] = index.get(values[i]) as number;
    labels = uniq.map((v) => (col.type === 'boolean' ? String(v === 1) : String(v)));
  }
  if (labels.length < 2) throw oneClass(targetName, labels[0]);
  if (labels.length > 1000 && labels.length > 0.5 * k) {
    throw new AskmlError('BAD_TARGET', `Target column '${targetName}' has ${labels.length} classes for ${k} rows; it looks continuous or like an id.`, {
      column: targetName,
      hint: 'Use task regression for a continuous target, or choose another column.',
    });
  }
  // Classes asked for a numeric target with as many distinct values as a measurement (diabetes'
  // 214 values over 353 rows): most classes would hold one or two rows and test rows would be of
  // classes never seen (audit: a saved model with test accuracy 0).
  if (t === 'multiclass' && task !== undefined && col.type === 'numeric' && inferTask(col) === 'regression' && labels.length > 0.2 * k) {
    throw new AskmlError('BAD_TARGET', `Task 'multiclass' on target column '${targetName}': its ${labels.length} distinct numbers over ${k} rows look continuous, so most classes would have one or two rows.`, {
      column: targetName,
      choices: ['regression'],
      hint: "Use task 'regression' (or null to let askml infer it), or bin the target into a few classes first.",
    });
  }
  if (t === 'binary' && labels.length > 2) {
    // A numeric target that would be inferred as regression (many distinct values) is continuous.
    const continuous = col.type === 'numeric' && inferTask(col) === 'regression';
    const shown = labels.slice(0, 8).map((l) => `'${l}'`).join(', ');
    throw new AskmlError(
      'BAD_TARGET',
      `Task 'binary' needs 2 classes; target column '${targetName}' has ${labels.length}` +
        (continuous ? ` distinct numbers, so it looks continuous.` : ` (${shown}${labels.length > 8 ? ', ...' : ''}).`),
      {
        column: targetName,
        // multiclass only where the check above would accept it (few distinct numbers for the rows).
        choices: continuous ? (labels.length > 0.2 * k ? ['regression'] : ['regression', 'multiclass']) : ['multiclass'],
        hint: continuous ? "Use task 'regression' (or null to let askml infer it)." : "Use task 'multiclass' (or null to let askml infer it).",
      },
    );
  }
  // Two classes asked as multiclass is still a binary problem.
  const finalTask: TaskType = labels.length === 2 ? 'binary' : t;
  return { target: { task: finalTask, y, nClasses: labels.length }, labels, task: finalTask, rows, dropped: n - k };
}

/** A regression target holding inf / -inf: name the value and the first data row (1-based). */
function nonFinite(name: string, y: Float64Array, rows: Int32Array, first: number): AskmlError {
  let count = 0;
  for (const v of y) if (!Number.isFinite(v)) count++;
  const value = y[first] > 0 ? 'inf' : '-inf';
  const row = rows[first] + 1;
  return new AskmlError(
    'BAD_TARGET',
    `Target column '${name}' has ${count} non-finite value${count === 1 ? '' : 's'} ('${value}' in data row ${row}${count > 1 ? ', the first' : ''}); regression needs finite numbers.`,
    { column: name, value, row, hint: `Fix or remove ${count === 1 ? 'that row' : 'those rows'}; an empty target cell is read as missing and its row is dropped.` },
  );
}

function oneClass(name: string, value: string): AskmlError {
  return new AskmlError('BAD_TARGET', `Target column '${name}' has a single value ('${value}'); there is nothing to predict.`, {
    column: name,
    hint: 'Check the file (was it filtered?) or choose another target column.',
  });
}
