/**
 * What the profile says about each column, in the form later stages consume (the feature
 * planner, the offline planner, reports). Produced by src/data/profile.ts.
 */
import type { ColumnType } from './frame.js';

export type ColumnRole =
  | 'feature' // use as input
  | 'target' // the label
  | 'id' // unique per row (or nearly): drop
  | 'constant' // a single value: drop
  | 'empty' // all missing: drop
  | 'leak'; // nearly determines the target: drop, with a warning

export type TextLang = 'zh' | 'en' | 'other';

export interface ColumnInfo {
  name: string;
  /** Storage type in the Frame. */
  type: ColumnType;
  /** Semantic kind: text is free text (tokenise it), categorical is a short label. */
  semantic: 'numeric' | 'boolean' | 'datetime' | 'categorical' | 'text';
  role: ColumnRole;
  /** Why the role was chosen when it is not 'feature'. */
  reason?: string;
  missingShare: number;
  distinct: number;
  /** For text columns. */
  lang?: TextLang;
  /** A few example values, as strings. */
  examples: string[];
}
