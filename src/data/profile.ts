/**
 * profileFrame: what a data scientist checks first. Column types and roles, missing values,
 * distinct counts, numeric and text summaries, the target (given or guessed), its task and
 * balance, and warnings (ids, constants, high cardinality, duplicates, mixed types, leakage).
 */
import { AskmlError, hiddenCharNote, unknownName, withoutHiddenChars } from '../errors.js';
import { columnNames, findColumn, type Column, type Frame } from './frame.js';
import type { TaskType } from '../learners/types.js';
import type { ColumnInfo } from './column-info.js';
import type { ColumnProfile, Profile, ProfileWarning, TargetProfile } from './profile-schema.js';
import { columnStats, type ColumnStats } from './column-stats.js';
import { guessTarget, idReason, inferTask } from './roles.js';
import { classIndex, duplicateRows, leakCheck } from './leakage.js';

export interface ProfileOptions {
  /** The target column; undefined = guess one; null = no target. */
  target?: string | null;
  /** Override the task inferred from the target. */
  task?: TaskType;
  /**
   * Columns the whole file's profile found to be identifiers (name -> reason). A split's rows can
   * hide what made them one (a row number is no longer consecutive once the test rows are out),
   * so they keep that role here.
   */
  idColumns?: ReadonlyMap<string, string>;
}

/** The id columns of a whole-file profile, for analyzing its training rows (ProfileOptions.idColumns). */
export function fileIdColumns(profile: Profile): Map<string, string> {
  return new Map(profile.columns.filter((c) => c.role === 'id').map((c) => [c.name, c.reason ?? 'an identifier']));
}

export interface Analysis {
  profile: Profile;
  /** Per-column facts in the form later stages consume. */
  columns: ColumnInfo[];
  target: string | null;
  task: TaskType | null;
}

const HIGH_CARDINALITY = 50;

export function profileFrame(frame: Frame, opts: ProfileOptions = {}): Profile {
  return analyzeFrame(frame, opts).profile;
}

export function analyzeFrame(frame: Frame, opts: ProfileOptions = {}): Analysis {
  const n = frame.nRows;
  const stats = frame.columns.map(columnStats);
  const columns: ColumnProfile[] = frame.columns.map((col, j) => baseProfile(col, stats[j], n));
  for (const c of columns) {
    const why = opts.idColumns?.get(c.name);
    if (why !== undefined && c.role === 'feature' && c.name !== opts.target) {
      c.role = 'id';
      c.reason = why;
    }
  }
  const skip = new Set(columns.filter((c) => c.role !== 'feature').map((c) => c.name));

  let targetName: string | null = null;
  let guessed = false;
  if (typeof opts.target === 'string') {
    if (!findColumn(frame, opts.target)) throw unknownName('COLUMN_NOT_FOUND', 'Target column', opts.target, columnNames(frame));
    targetName = opts.target;
  } else if (opts.target === undefined) {
    targetName = guessTarget(frame, skip);
    guessed = targetName !== null;
  }

  const warnings: ProfileWarning[] = [];
  if (guessed) {
    // The caller named no target: a guess that cannot be a target is dropped, not an error.
    const st = stats[frame.columns.findIndex((c) => c.name === targetName)];
    if (st.distinct < 2) {
      const usable = columns.filter((c, k) => c.role === 'feature' && stats[k].distinct >= 2).map((c) => c.name);
      warnings.push({
        code: 'no_target',
        column: null,
        message:
          `No usable target column found (${n < 2 ? `the table has ${n} row` : `the fallback guess '${targetName}' ${st.distinct === 0 ? 'is empty' : `has a single value ('${st.examples[0]}')`}`}); ` +
          (usable.length > 0 ? `name the target to predict, e.g. one of: ${usable.slice(0, 10).join(', ')}.` : 'no column has two or more distinct values.'),
      });
      targetName = null;
      guessed = false;
    }
  }
  let target: TargetProfile | null = null;
  let task: TaskType | null = null;
  if (targetName !== null) {
    const j = frame.columns.findIndex((c) => c.name === targetName);
    const col = frame.columns[j];
    const st = stats[j];
    if (st.distinct < 2) {
      throw new AskmlError(
        'BAD_TARGET',
        st.distinct === 0
          ? `Target column '${targetName}' has no values (all ${n} rows are missing).`
          : `Target column '${targetName}' has a single value ('${st.examples[0]}'); there is nothing to predict.`,
        { column: targetName, choices: columns.filter((c) => c.role === 'feature' && c.name !== targetName).map((c) => c.name), hint: 'Choose another target column.' },
      );
    }
    task = opts.task ?? inferTask(col);
    columns[j].role = 'target';
    columns[j].reason = guessed ? 'guessed target (name or last column)' : 'chosen target';
    target = targetProfile(col, st, task, guessed, n);
    if (target.missing > 0) {
      warnings.push({ code: 'target_missing', column: targetName, message: `${target.missing} rows have no target value; they are dropped for training.` });
    }
    const single = target.classes.filter((c) => c.count === 1);
    if (single.length > 0) {
      // A class with one row cannot be in both a training and a test part, nor in k folds.
      const all = single.length === target.classes.length;
      warnings.push({
        code: 'rare_class',
        column: targetName,
        message: all
          ? `Every one of the ${single.length} classes of '${targetName}' has a single row: it looks like an identifier, and no model can learn it (a stratified split needs 2 rows per class).`
          : `${single.length} class${single.length === 1 ? '' : 'es'} of '${targetName}' ${single.length === 1 ? 'has' : 'have'} a single row (${single.slice(0, 5).map((c) => `'${c.value}'`).join(', ')}${single.length > 5 ? ', ...' : ''}); such rows cannot be both learned and tested, and in cross-validation they are scored by models that never saw their class.`,
      });
    }
    const outliers = task === 'regression' && col.type === 'numeric' ? extremeValues(col.values) : null;
    if (outliers) {
      warnings.push({
        code: 'target_outliers',
        column: targetName,
        message: `Target '${targetName}' has ${outliers.count} extreme value${outliers.count === 1 ? '' : 's'} (up to ${fmtNum(outliers.worst)}, while the middle half lies in ${fmtNum(outliers.q1)} .. ${fmtNum(outliers.q3)}); ${outliers.count === 1 ? 'it dominates' : 'they dominate'} RMSE and squared-error fits (MAE and its absolute-error fits feel them less): check whether ${outliers.count === 1 ? 'it is an error' : 'they are errors'}, and drop or correct ${outliers.count === 1 ? 'it' : 'them'} if so.`,
      });
    }
    if (target.imbalanceRatio !== null && target.imbalanceRatio >= 5) {
      warnings.push({ code: 'imbalance', column: targetName, message: `Classes are imbalanced (largest/smallest = ${target.imbalanceRatio.toFixed(1)}); prefer macro-F1 or balanced accuracy.` });
    }
    const classes = task === 'regression' ? undefined : classIndex(col);
    for (let k = 0; k < frame.columns.length; k++) {
      if (k === j || columns[k].role !== 'feature') continue;
      const leak = leakCheck(frame.columns[k], col, task, frame, { classes });
      if (leak) {
        columns[k].role = 'leak';
        columns[k].reason = leak.message;
        warnings.push({ code: 'leakage', column: columns[k].name, message: `Likely target leakage: ${leak.message}. It is dropped from the features.` });
      }
    }
  }

  const perColumn = columns.flatMap((c, k) => columnWarnings(c, stats[k], n));
  // A JSON column that mixes true/false or objects with numbers and text gets one mixed_types
  // warning, the profile's (rows, examples, treatment), not the loader's as well (audit).
  const mixed = new Set(perColumn.filter((w) => w.code === 'mixed_types').map((w) => w.column));
  for (const note of frame.notes ?? []) {
    if (note.code === 'mixed_types' && mixed.has(note.column)) continue;
    warnings.push({ code: note.code, column: note.column, message: note.message });
  }
  for (const c of columns) {
    const w = nameWarning(c.name);
    if (w) warnings.push(w);
  }
  warnings.push(...perColumn);
  const duplicates = duplicateRows(frame);
  if (duplicates > 0) {
    warnings.push({ code: 'duplicate_rows', column: null, message: `${duplicates} rows (${pct(duplicates / n)}) duplicate an earlier row.` });
  }
  const profile: Profile = { rows: n, cols: frame.columns.length, duplicateRows: duplicates, columns, target, warnings };
  return { profile, columns: columnInfos(profile), target: targetName, task };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
}

function baseProfile(col: Column, st: ColumnStats, n: number): ColumnProfile {
  const nonMissing = n - st.missing;
  let semantic: ColumnProfile['semantic'] = col.type;
  if (col.type === 'numeric' && st.zeroOne && st.distinct === 2) semantic = 'boolean';
  let role: ColumnProfile['role'] = 'feature';
  let reason: string | null = null;
  if (nonMissing === 0) {
    role = 'empty';
    reason = 'all values are missing';
  } else if (st.distinct === 1) {
    role = 'constant';
    reason = `a single value ('${st.examples[0]}')`;
  } else {
    const id = idReason(col, nonMissing, st.distinct);
    if (id) {
      role = 'id';
      reason = id;
    }
  }
  return {
    name: col.name,
    type: col.type,
    semantic,
    role,
    reason,
    missing: st.missing,
    missingShare: n > 0 ? st.missing / n : 0,
    distinct: st.distinct,
    examples: st.examples,
    top: st.top,
    numeric: col.type === 'datetime' ? null : st.numeric,
    text: st.text,
  };
}

function targetProfile(col: Column, st: ColumnStats, task: TaskType, guessed: boolean, n: number): TargetProfile {
  if (task === 'regression') {
    return { name: col.name, task, guessed, missing: st.missing, nClasses: null, classes: [], imbalanceRatio: null };
  }
  let classes = st.top;
  if (st.distinct > classes.length) {
    // top is capped; recount every class.
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const v = col.type === 'categorical' ? (col.codes[i] < 0 ? null : col.levels[col.codes[i]]) : col.type === 'text' ? col.values[i] : Number.isNaN(col.values[i]) ? null : String(col.values[i]);
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const nonMissing = n - st.missing;
    classes = [...counts].map(([value, count]) => ({ value, count, share: count / nonMissing })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  }
  const max = classes.length > 0 ? classes[0].count : 0;
  const min = classes.length > 0 ? classes[classes.length - 1].count : 0;
  return { name: col.name, task, guessed, missing: st.missing, nClasses: classes.length, classes, imbalanceRatio: min > 0 ? max / min : null };
}

/**
 * A column name holding invisible characters (U+200B...), look-alike spaces (U+00A0...) or
 * leading / trailing spaces: it looks like another name, so a --target or --keep typed by hand
 * misses it. Names the code point and the name it looks like.
 */
export function nameWarning(name: string): ProfileWarning | null {
  const note = hiddenCharNote(name);
  const lead = /^\s/.test(name);
  const trail = /\s$/.test(name);
  if (!note && !lead && !trail) return null;
  const plain = withoutHiddenChars(name).trim();
  const ends = lead && trail ? 'leading and trailing spaces' : lead ? 'a leading space' : trail ? 'a trailing space' : null;
  const what = [note, ends].filter(Boolean).join(' and ');
  return {
    code: 'hidden_chars_in_name',
    column: name,
    message:
      `The column name '${name}' contains ${what}${plain ? `; it looks like '${plain}' but is a different name` : ''}. ` +
      `Instructions that name '${plain || name}' still find it, but --target and --keep need the exact name, and so does data given to a model trained on it. Rename the column in the file to avoid surprises.`,
  };
}

function columnWarnings(c: ColumnProfile, st: ColumnStats, n: number): ProfileWarning[] {
  const out: ProfileWarning[] = [];
  const w = (code: ProfileWarning['code'], message: string) => out.push({ code, column: c.name, message });
  if (c.role === 'id') w('id_column', `'${c.name}' looks like an identifier (${c.reason}); it is not used as a feature.`);
  if (c.role === 'constant') w('constant', `'${c.name}' has ${c.reason}; it is not used as a feature.`);
  if (c.role === 'empty') w('empty', `'${c.name}' is empty (all values missing); it is not used as a feature.`);
  if (c.role === 'feature' && c.missingShare >= 0.5) w('heavy_missing', `'${c.name}' is ${pct(c.missingShare)} missing.`);
  if (c.role === 'feature' && c.type === 'categorical' && c.distinct > HIGH_CARDINALITY && c.distinct > 0.05 * (n - c.missing)) {
    w('high_cardinality', `'${c.name}' has ${c.distinct} distinct values for ${n - c.missing} non-missing rows (very high cardinality).`);
  }
  if (c.type === 'categorical' && st.numericShare >= 0.5 && st.numericShare < 1) {
    const eg = st.nonNumeric.map((v) => `'${v}'`).join(', ');
    const textRows = Math.round((n - c.missing) * (1 - st.numericShare));
    w('mixed_types', `'${c.name}' holds numbers except in ${textRows} row(s) with text such as ${eg}; it is treated as categorical. Clean those values to use it as a number.`);
  }
  return out;
}

/** ColumnInfo[] (the contract later stages consume) from a profile. */
export function columnInfos(profile: Profile): ColumnInfo[] {
  return profile.columns.map((c) => {
    const info: ColumnInfo = {
      name: c.name,
      type: c.type,
      semantic: c.semantic,
      role: c.role,
      missingShare: c.missingShare,
      distinct: c.distinct,
      examples: c.examples,
    };
    if (c.reason !== null) info.reason = c.reason;
    if (c.text) info.lang = c.text.lang;
    return info;
  });
}

const fmtNum = (x: number): string => String(Number(x.toPrecision(4)));

/**
 * A few target values far outside the rest (a typo, a sentinel such as 1e7): more than 50
 * interquartile ranges from the median, in at most 1% of the rows. Null when there are none.
 */
function extremeValues(values: Float64Array): { count: number; worst: number; q1: number; q3: number } | null {
  const v = Float64Array.from(values.filter((x) => Number.isFinite(x))).sort();
  if (v.length < 20) return null;
  const at = (q: number): number => v[Math.min(v.length - 1, Math.floor(q * (v.length - 1)))];
  const [q1, med, q3] = [at(0.25), at(0.5), at(0.75)];
  const iqr = q3 - q1;
  if (!(iqr > 0)) return null;
  let count = 0;
  let worst = med;
  for (const x of v) {
    if (Math.abs(x - med) > 50 * iqr) {
      count++;
      if (Math.abs(x - med) > Math.abs(worst - med)) worst = x;
    }
  }
  return count > 0 && count <= 0.01 * v.length ? { count, worst, q1, q3 } : null;
}
