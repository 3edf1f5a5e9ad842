/**
 * An eval case: one instruction on one dataset, with what the plan should be and what the result
 * should reach. Suites are JSONL files (one case per line; blank lines and lines starting with
 * `//` are skipped). Data paths are relative to the suite file. The format is documented in
 * evals/README.md; this zod schema is its single source of truth.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AskmlError } from '../src/errors.js';
import { METRICS, TASK_TYPES } from '../src/agent/plan.js';

export const ARTIFACT_KINDS = ['report', 'report_markdown', 'model', 'onnx'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

const DataSchema = z.union([
  z.object({ train: z.string().min(1), test: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1), split: z.string().min(1).optional() }).strict(),
]);

export const ExpectSchema = z
  .object({
    task_type: z.enum(TASK_TYPES).optional(),
    target: z.string().optional(),
    /** The plan's metric; also the metric the score is read from (test_metrics[metric]). */
    metric: z.enum(METRICS).optional(),
    /** Exact set (order ignored). */
    text_columns: z.array(z.string()).optional(),
    /** Exact set of the columns the user asked to leave out (order ignored). */
    excluded_columns: z.array(z.string()).optional(),
    /** Budget the planner reads from the instruction, before the runner caps it with budget_seconds. */
    budget_seconds: z.number().positive().optional(),
    /** Learner families the plan must be limited to (exact set), e.g. ["linear", "decision_tree"]. */
    include_learners: z.array(z.string()).optional(),
    /** Higher-is-better metrics: the test score must be >= min_score. */
    min_score: z.number().optional(),
    /** Lower-is-better metrics (rmse, mae, log_loss, mape): the test score must be <= max_score. */
    max_score: z.number().positive().optional(),
    /** Tools that must be called, in this order (other calls may come between them). */
    tools: z.array(z.string()).optional(),
    artifacts: z.array(z.enum(ARTIFACT_KINDS)).optional(),
  })
  .strict();
export type Expect = z.infer<typeof ExpectSchema>;

export const EvalCaseSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'ids are letters, digits, dot, dash, underscore'),
    instruction: z.string().min(1),
    data: DataSchema,
    expect: ExpectSchema,
    /** Search budget the runner gives the task (the wall-clock check is against this). */
    budget_seconds: z.number().min(1, 'must be at least 1 (a search budget in seconds)'),
    seed: z.number().int().default(0),
    tags: z.array(z.string()).default([]),
    /** Free text: why the case exists, what it probes. */
    note: z.string().optional(),
    /**
     * A known weakness: why askml is expected to fail this case today. The case still runs and
     * counts in every rate, but its failure does not fail the suite (XFAIL); if it passes the
     * scorecard says XPASS so the flag can be removed.
     */
    xfail: z.string().min(1).optional(),
    /** What the known weakness breaks: 'result' ones do not apply to --plan-only runs (default 'any'). */
    xfail_scope: z.enum(['any', 'plan', 'result']).default('any'),
  })
  .strict();
export type EvalCase = z.infer<typeof EvalCaseSchema>;

/** A case with its data paths resolved against the suite file. */
export interface LoadedCase extends EvalCase {
  line: number;
  files: { dataset: string; test: string | null; splitFile: string | null };
}

export const LOWER_IS_BETTER: readonly string[] = ['rmse', 'mae', 'log_loss', 'mape'];

/** What a field holds, for "X is required (...)" and for a `data` object of neither form. */
const FIELD_FORMS: Record<string, string> = {
  id: 'a unique name of letters, digits, ., -, _',
  instruction: 'the instruction text',
  data: '{"file": PATH} with an optional "split": PATH, or {"train": PATH, "test": PATH}',
  expect: 'an object; {} checks only that the task finishes in time',
  budget_seconds: 'a number of seconds',
};

/** One zod issue in the suite's field names: "budget_seconds is required (a number of seconds)". */
function issueText(issue: z.core.$ZodIssue, json: unknown): string {
  const field = issue.path.join('.');
  let value: unknown = json;
  for (const k of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  const form = FIELD_FORMS[field];
  if (issue.code === 'invalid_type' && value === undefined) return `${field} is required${form ? ` (${form})` : ''}`;
  if (issue.code === 'invalid_union' && form) return `${field} must be ${form}`;
  return `${field || '(case)'}: ${issue.message}`;
}

export function parseSuite(text: string, suitePath: string): LoadedCase[] {
  const dir = path.dirname(path.resolve(suitePath));
  const out: LoadedCase[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    const where = `${path.basename(suitePath)} line ${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new AskmlError('PARSE_ERROR', `${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}.`, { hint: 'One case per line: a JSON object on a single line.' });
    }
    const parsed = EvalCaseSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((x) => issueText(x, json)).join('; ');
      throw new AskmlError('BAD_ARGUMENT', `${where}: ${issues}.`, { hint: 'See evals/README.md for the case format.' });
    }
    const c = parsed.data;
    if (seen.has(c.id)) throw new AskmlError('BAD_ARGUMENT', `${where}: duplicate case id '${c.id}'.`);
    seen.add(c.id);
    if (c.expect.min_score !== undefined && c.expect.max_score !== undefined) {
      throw new AskmlError('BAD_ARGUMENT', `${where}: give min_score or max_score, not both.`);
    }
    const m = c.expect.metric;
    if (m && c.expect.min_score !== undefined && LOWER_IS_BETTER.includes(m)) {
      throw new AskmlError('BAD_ARGUMENT', `${where}: ${m} is lower-is-better; use max_score instead of min_score.`);
    }
    if (m && c.expect.max_score !== undefined && !LOWER_IS_BETTER.includes(m)) {
      throw new AskmlError('BAD_ARGUMENT', `${where}: ${m} is higher-is-better; use min_score instead of max_score.`);
    }
    const abs = (p: string) => path.resolve(dir, p);
    const files =
      'train' in c.data
        ? { dataset: abs(c.data.train), test: abs(c.data.test), splitFile: null }
        : { dataset: abs(c.data.file), test: null, splitFile: c.data.split ? abs(c.data.split) : null };
    out.push({ ...c, line: i + 1, files });
  });
  return out;
}

export function loadSuite(suitePath: string): LoadedCase[] {
  if (!existsSync(suitePath)) throw new AskmlError('FILE_NOT_FOUND', `Eval suite '${suitePath}' not found.`, { hint: 'Suites live in evals/*.jsonl.' });
  const cases = parseSuite(readFileSync(suitePath, 'utf8'), suitePath);
  if (cases.length === 0) throw new AskmlError('EMPTY_FILE', `Eval suite '${suitePath}' has no cases.`);
  return cases;
}

/** Cases carrying every tag in `tags` (a tag prefixed with '!' must be absent). */
export function filterCases(cases: readonly LoadedCase[], tags: readonly string[]): LoadedCase[] {
  if (tags.length === 0) return [...cases];
  const known = new Set(cases.flatMap((c) => c.tags));
  for (const t of tags) {
    const name = t.replace(/^!/, '');
    if (!known.has(name)) {
      throw new AskmlError('BAD_ARGUMENT', `No case in the suite has tag '${name}'.`, { choices: [...known].sort() });
    }
  }
  const kept = cases.filter((c) => tags.every((t) => (t.startsWith('!') ? !c.tags.includes(t.slice(1)) : c.tags.includes(t))));
  // Zero cases would "pass" with nothing run: the tags exist, but no case has all of them.
  if (kept.length === 0) {
    throw new AskmlError('BAD_ARGUMENT', `The filter '${tags.join(',')}' selects none of the suite's ${cases.length} cases: a case must carry every tag given and none of the '!' ones.`, {
      choices: [...known].sort(),
      hint: 'Tags combine with AND: drop one, or run each tag on its own.',
    });
  }
  return kept;
}

/** Which data files a case needs that are missing (e.g. ../shared/data on a fresh clone). */
export function missingFiles(c: LoadedCase): string[] {
  return [c.files.dataset, c.files.test, c.files.splitFile].filter((p): p is string => p !== null && !existsSync(p));
}

const MISSING_SHOWN = 5;

/**
 * Every selected case's data files exist, checked before any case runs: a typo in a long suite
 * is an input error at once, with the suite line and the path, not a failed case minutes later.
 */
export function requireDataFiles(cases: readonly LoadedCase[], suitePath: string): void {
  const missing = new Map<string, LoadedCase[]>();
  for (const c of cases) for (const p of missingFiles(c)) missing.set(p, [...(missing.get(p) ?? []), c]);
  if (missing.size === 0) return;
  const dir = path.dirname(path.resolve(suitePath));
  const items = [...missing].map(([p, users]) => {
    const more = users.length > 1 ? ` and ${users.length - 1} more case${users.length > 2 ? 's' : ''}` : '';
    return `line ${users[0].line} (${users[0].id}${more}): '${path.relative(dir, p)}' (${p})`;
  });
  const rest = items.length > MISSING_SHOWN ? `; +${items.length - MISSING_SHOWN} more` : '';
  throw new AskmlError('FILE_NOT_FOUND', `${path.basename(suitePath)}: ${missing.size} data file${missing.size > 1 ? 's' : ''} not found: ${items.slice(0, MISSING_SHOWN).join('; ')}${rest}.`, {
    hint: `Data paths are relative to the suite file's folder (${dir}).`,
    missing: [...missing.keys()],
  });
}
