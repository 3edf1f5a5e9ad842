/**
 * The data profile as a zod schema: the single source of the Profile type and of the tool output
 * schema. OpenAI-strict friendly: closed objects, `.nullable()` (never `.optional()`), and lists
 * of {value, count} instead of records with arbitrary keys.
 */
import { z } from 'zod';

export const ColumnTypeSchema = z.enum(['numeric', 'boolean', 'datetime', 'categorical', 'text']);
export const ColumnRoleSchema = z.enum(['feature', 'target', 'id', 'constant', 'empty', 'leak']);
export const TaskSchema = z.enum(['binary', 'multiclass', 'regression']);
export const TextLangSchema = z.enum(['zh', 'en', 'other']);

export const ValueCountSchema = z
  .object({
    value: z.string().describe('The value as text'),
    count: z.number().int(),
    share: z.number().describe('count / non-missing rows'),
  })
  .strict();

export const NumericSummarySchema = z
  .object({
    min: z.number(),
    max: z.number(),
    mean: z.number(),
    std: z.number(),
    q05: z.number(),
    q25: z.number(),
    median: z.number(),
    q75: z.number(),
    q95: z.number(),
  })
  .strict();

export const TextSummarySchema = z
  .object({
    lang: TextLangSchema,
    avgChars: z.number(),
    minChars: z.number().int(),
    maxChars: z.number().int(),
    avgTokens: z.number().describe('Whitespace-separated tokens per value (about 1 for Chinese)'),
  })
  .strict();

export const ColumnProfileSchema = z
  .object({
    name: z.string(),
    type: ColumnTypeSchema.describe('Storage type in the frame'),
    semantic: ColumnTypeSchema.describe('What the values mean: text is free text, categorical a short label'),
    role: ColumnRoleSchema,
    reason: z.string().nullable().describe('Why the role is not feature'),
    missing: z.number().int(),
    missingShare: z.number(),
    distinct: z.number().int().describe('Distinct non-missing values (estimated within about 1% above 50,000 distinct floats in 200,000+ rows)'),
    examples: z.array(z.string()),
    top: z.array(ValueCountSchema).describe('Most frequent values (categorical, boolean, few-valued numeric)'),
    numeric: NumericSummarySchema.nullable(),
    text: TextSummarySchema.nullable(),
  })
  .strict();

export const TargetProfileSchema = z
  .object({
    name: z.string(),
    task: TaskSchema,
    guessed: z.boolean().describe('True when askml picked the target itself'),
    missing: z.number().int(),
    nClasses: z.number().int().nullable(),
    classes: z.array(ValueCountSchema).describe('Class distribution (classification only)'),
    imbalanceRatio: z.number().nullable().describe('Largest class count / smallest class count'),
  })
  .strict();

export const WarningCodeSchema = z.enum([
  'id_column',
  'constant',
  'empty',
  'high_cardinality',
  'heavy_missing',
  'duplicate_rows',
  'mixed_types',
  'leakage',
  'imbalance',
  'rare_class',
  'target_missing',
  'target_outliers',
  'duplicate_column',
  'unnamed_column',
  'decimal_comma',
  'thousands_separator',
  'missing_marker',
  'date_format',
  'skipped_lines',
  'unbalanced_quote',
  'ambiguous_decimal',
  'no_target',
  'hidden_chars_in_name',
  'test_no_target',
  'test_missing_columns',
]);

/**
 * Warnings about how the file was read, classes too small to learn and extreme target values: shown by search and run
 * too, not only by profile, because they change what the model sees or can do.
 */
export const READING_WARNINGS: ReadonlySet<string> = new Set(['target_outliers', 'mixed_types', 'duplicate_column', 'unnamed_column', 'decimal_comma', 'thousands_separator', 'missing_marker', 'date_format', 'skipped_lines', 'unbalanced_quote', 'ambiguous_decimal', 'rare_class']);

export const ProfileWarningSchema = z
  .object({
    code: WarningCodeSchema,
    column: z.string().nullable(),
    message: z.string(),
  })
  .strict();

export const ProfileSchema = z
  .object({
    rows: z.number().int(),
    cols: z.number().int(),
    duplicateRows: z.number().int().describe('Rows identical to an earlier row'),
    columns: z.array(ColumnProfileSchema),
    target: TargetProfileSchema.nullable(),
    warnings: z.array(ProfileWarningSchema),
  })
  .strict();

export type Profile = z.infer<typeof ProfileSchema>;
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;
export type TargetProfile = z.infer<typeof TargetProfileSchema>;
export type ProfileWarning = z.infer<typeof ProfileWarningSchema>;
export type ValueCount = z.infer<typeof ValueCountSchema>;
export type NumericSummary = z.infer<typeof NumericSummarySchema>;
export type TextSummary = z.infer<typeof TextSummarySchema>;
