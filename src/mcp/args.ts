/**
 * Tool arguments as MCP clients really send them, made ready for the tool's zod schema. Generic:
 * it reads only the schema's field names and which of them accept null.
 *
 *   - `arguments` omitted or null -> {}; a JSON string holding an object -> that object; anything
 *     else (an array, a number, text that is not JSON) -> BAD_ARGUMENT naming the tool's fields.
 *   - Unknown field names -> BAD_ARGUMENT with the closest field and the list of valid fields.
 *   - Required fields left out (e.g. start_task called with {}) -> BAD_ARGUMENT naming each one,
 *     with its description and, for a choice, the valid values; a value outside a choice field's
 *     values (start_task's `tool`) -> BAD_ARGUMENT with the closest value and the valid ones.
 *   - An empty string in a path field (path, test_path, out_path, split_file, model) ->
 *     BAD_ARGUMENT naming that field.
 *   - Ids (`dataset_id`, `run_id`, `features_id`, `task_id`, and a run id given as predict's
 *     `model`) are trimmed and lower-cased; a malformed id -> NOT_FOUND with the newest ids of
 *     that kind as choices and where to list them over MCP.
 *   - Omitted nullable fields -> null (the tools follow OpenAI strict mode: every field present).
 */
import { z } from 'zod';
import { AskmlError, closest } from '../errors.js';
import { suggestMetric } from '../evaluate/metrics.js';
import { isValidId } from '../task/ids.js';
import { ID_PREFIX, listIds, type RecordKind } from '../task/store.js';
import type { AnyTool } from '../../tools/define-tool.js';
import { fillNulls, isPlainObject, nullableKeys } from '../agent/null-args.js';
import { jsonErrorText } from '../util/fs.js';

/** "path (required), target, test_path, split_file": the tool's fields, required ones marked. */
export function fieldList(tool: AnyTool): string {
  const optional = nullableKeys(tool.input);
  return Object.keys(tool.input.shape)
    .map((k) => (optional.has(k) ? k : `${k} (required)`))
    .join(', ');
}

/** "tool (one of: search_model, tune): The long tool to run." for a field of the tool's schema. */
function fieldHelp(tool: AnyTool, key: string, o: { options?: boolean } = {}): string {
  const schema = tool.input.shape[key] as z.ZodType;
  const options = schema instanceof z.ZodEnum && o.options !== false ? (schema.options as unknown[]).map(String) : null;
  const about = schema.description?.replace(/\.?$/, '.');
  return `${key}${options ? ` (one of: ${options.join(', ')})` : ''}${about ? `: ${about}` : '.'}`;
}

/** The choice (enum) schema of a field, also when it accepts null or has a default; else null. */
function choiceSchema(schema: z.ZodType): z.ZodEnum | null {
  let s: z.ZodType = schema;
  for (let i = 0; i < 4; i++) {
    if (s instanceof z.ZodEnum) return s;
    if (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    // orDefault(): null -> the default, then the choice itself.
    else if (s instanceof z.ZodPipe) s = s.out as z.ZodType;
    else return null;
  }
  return null;
}

/** Required fields (not nullable, no default) absent from `args`. */
function missingFields(tool: AnyTool, args: Record<string, unknown>, nullable: ReadonlySet<string>): string[] {
  return Object.entries(tool.input.shape)
    .filter(([k, v]) => args[k] === undefined && !nullable.has(k) && !(v as z.ZodType).safeParse(undefined).success)
    .map(([k]) => k);
}

/** 'a', 'a' and 'b', 'a', 'b' and 'c'. */
function quoteList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** Fields holding an id, and the record kind it names. */
const ID_FIELDS: Record<string, RecordKind> = { dataset_id: 'datasets', run_id: 'runs', features_id: 'features', task_id: 'tasks' };

/** Where an MCP client can list the ids of a kind. */
export const ID_SOURCES: Record<RecordKind, string> = {
  datasets: 'The resource askml://datasets lists the registered datasets; profile_data registers a file and returns its dataset_id.',
  runs: 'The resource askml://runs lists every run (newest first); search_model returns a new run_id.',
  features: 'engineer_features returns a features_id; pass null to let search_model choose the features.',
  tasks: 'list_tasks lists the tasks (task_... ids from start_task).',
};

const PATH_FIELD = /^(path|model)$|_(path|file)$/;


function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string that is not a JSON object';
  return `a ${typeof v}`;
}

/**
 * Invalid arguments as z.prettifyError words them, plus what to send where a model's mistake is
 * plain: a string for a list (["gbdt"]), a numeric string for a number, a fraction for a whole number.
 */
export function invalidArgsText(err: z.ZodError, args: unknown): string {
  const hints: string[] = [];
  for (const i of err.issues) {
    if (i.code !== 'invalid_type') continue;
    const key = i.path.join('.');
    const got = i.path.reduce<unknown>((v, k) => (isPlainObject(v) ? (v as Record<PropertyKey, unknown>)[k] : undefined), args);
    const expected = (i as { expected?: string }).expected;
    if (expected === 'array' && typeof got === 'string') hints.push(`${key}: send a JSON array, e.g. ${JSON.stringify(got.split(',').map((x) => x.trim()).filter(Boolean))}`);
    else if ((expected === 'number' || expected === 'int') && typeof got === 'string' && got.trim() !== '' && Number.isFinite(Number(got))) hints.push(`${key}: send the number ${Number(got)}, not the string ${JSON.stringify(got)}`);
    else if (expected === 'int' && typeof got === 'number' && Number.isFinite(got)) hints.push(`${key}: send a whole number (e.g. ${Math.max(1, Math.round(got))}), not ${got}`);
  }
  return z.prettifyError(err) + (hints.length > 0 ? `\n${hints.map((h) => `→ ${h}`).join('\n')}` : '');
}

/** An id as typed by a person or a model -> the canonical id, or null when it is not id-shaped. */
export function normalizeId(raw: string): string | null {
  const id = raw.trim().toLowerCase();
  return isValidId(id) ? id : null;
}

/** NOT_FOUND for a malformed id: what ids look like, the newest ids of the kind, and where to list them. */
export function malformedId(workspaceDir: string, kind: RecordKind, value: string, field?: string): AskmlError {
  const known = listIds(workspaceDir, kind);
  const what = kind.slice(0, -1);
  const shown = value === '' ? 'An empty string' : `'${value}'`;
  return new AskmlError('NOT_FOUND', `${shown} is not a valid ${what} id${field ? ` (${field})` : ''}; ${what} ids look like '${ID_PREFIX[kind]}_20261123140501_a1b2c3'.`, {
    choices: known.slice(0, 20),
    hint: known.length === 0 ? `The workspace has no ${kind} yet. ${ID_SOURCES[kind]}` : ID_SOURCES[kind],
    field,
    value,
  });
}

/** Parse, check and complete a tool's raw `arguments`; throws AskmlError (BAD_ARGUMENT / NOT_FOUND). */
export function prepareArgs(tool: AnyTool, raw: unknown, o: { workspaceDir: string }): Record<string, unknown> {
  const fields = fieldList(tool);
  let args: unknown = raw ?? {};
  if (typeof args === 'string') {
    const text = args.trim();
    try {
      args = text === '' ? {} : JSON.parse(text);
    } catch (e) {
      throw new AskmlError('BAD_ARGUMENT', `The arguments of '${tool.name}' are a string that is not valid JSON (${jsonErrorText(e)}).`, {
        hint: `Send arguments as a JSON object with the fields of '${tool.name}': ${fields}.`,
      });
    }
  }
  if (!isPlainObject(args)) {
    throw new AskmlError('BAD_ARGUMENT', `The arguments of '${tool.name}' must be a JSON object, not ${describeValue(args)}.`, {
      hint: `Send an object with the fields of '${tool.name}': ${fields}.`,
    });
  }
  const known = Object.keys(tool.input.shape);
  const unknown = Object.keys(args).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    // 'budget' -> budget_seconds: a field that starts with the name counts as close too.
    const nearField = (k: string): string | undefined => closest(k, known) ?? (k.length >= 3 ? known.find((f) => f.startsWith(`${k.toLowerCase()}_`)) : undefined);
    const near = unknown.map((k) => [k, nearField(k)] as const).filter(([, n]) => n !== undefined);
    throw new AskmlError('BAD_ARGUMENT', `'${tool.name}' has no field ${unknown.map((k) => `'${k}'`).join(', ')}.`, {
      hint: `${near.map(([k, n]) => `Did you mean '${n}' for '${k}'? `).join('')}Valid fields: ${fields}.`,
      field: unknown[0],
    });
  }
  const out = { ...args };
  const nullable = nullableKeys(tool.input);
  const missing = missingFields(tool, out, nullable);
  if (missing.length > 0) {
    const none = Object.keys(out).length === 0 ? ' (no arguments were given)' : '';
    throw new AskmlError('BAD_ARGUMENT', `'${tool.name}' is missing the required field${missing.length > 1 ? 's' : ''} ${quoteList(missing)}${none}.`, {
      hint: `${missing.map((k) => fieldHelp(tool, k)).join(' ')} Valid fields: ${fields}.`,
      field: missing[0],
    });
  }
  for (const [k, v] of Object.entries(out)) {
    const schema = choiceSchema(tool.input.shape[k] as z.ZodType);
    if (!schema || v === null || schema.safeParse(v).success) continue;
    const options = (schema.options as unknown[]).map(String);
    // 'RMSE', 'Macro-F1', 'roc auc': case and separators are forgiven, as the CLI forgives them.
    const key = typeof v === 'string' ? v.trim().toLowerCase().replace(/[- ]/g, '_') : null;
    if (key !== null && options.includes(key)) {
      out[k] = key;
      continue;
    }
    const near = typeof v === 'string' ? (k === 'metric' ? suggestMetric(v) : closest(v, options)) : undefined;
    throw new AskmlError('BAD_ARGUMENT', `${k} ${JSON.stringify(v)} is not valid for '${tool.name}'.`, {
      hint: `${near ? `Did you mean '${near}'? ` : ''}${fieldHelp(tool, k, { options: false })}`,
      choices: options,
      field: k,
      value: v,
    });
  }
  for (const [k, v] of Object.entries(out)) {
    if (typeof v !== 'string') continue;
    if (PATH_FIELD.test(k) && v.trim() === '') {
      throw new AskmlError('BAD_ARGUMENT', `${k} is an empty string.`, {
        hint: nullable.has(k) ? `Give a file path for ${k}, or null to leave it out.` : `Give a file path for ${k}.`,
        field: k,
      });
    }
    const kind = ID_FIELDS[k];
    if (kind) {
      const id = normalizeId(v);
      if (id === null) throw malformedId(o.workspaceDir, kind, v, k);
      out[k] = id;
    } else if (k === 'model') {
      const id = normalizeId(v); // a run id in any case; anything else is a model folder path
      if (id !== null) out[k] = id;
    }
  }
  return fillNulls(out, nullable);
}
