/**
 * Call one tool with arguments from a model (or from the offline sequence): parse, validate with
 * the tool's zod schema, run, and turn every expected failure into a result the model can read
 * and act on. Bad arguments, unknown tools and AskmlErrors never throw; CANCELLED does (the user
 * stopped the run), and so does a bug in a tool (anything that is not an AskmlError).
 *
 * With `omittedAsNull` (the planner loop: models leave optional fields out), the arguments are
 * prepared as the MCP server prepares a client's (src/mcp/args.ts): nullable fields left out read
 * as null, so a validation error names only the real mistakes; unknown fields name the valid
 * ones; choices forgive case; ids are normalised. Other callers (the offline sequence, the CLI) build complete
 * arguments, and an omitted field there stays an error. A guard (e.g. the task's
 * budget, budget-guard.ts) may adjust or refuse a valid call before it runs; its notes head the
 * result the model reads.
 */
import { z } from 'zod';
import { AskmlError, closest, isAskmlError, type ErrorCode } from '../errors.js';
import type { AnyTool, ToolContext } from '../../tools/define-tool.js';
import { invalidArgsText, prepareArgs } from '../mcp/args.js';

export interface ToolOutcome {
  ok: boolean;
  tool: string;
  /** Parsed arguments (as the model sent them when they failed validation). */
  args: unknown;
  output?: unknown;
  /**
   * message: what went wrong with hint and choices folded in (as the model reads it). For an
   * AskmlError the error object also carries it as a non-enumerable `cause` (not in saved step
   * records), so a caller can rethrow it with the choices kept apart (outcomeError).
   */
  error?: { code: string; message: string };
  /** What the model reads as the tool result. */
  content: string;
  ms: number;
  /** What a guard changed in the arguments (also at the head of `content`). */
  notes?: string[];
}

/** Checks a valid call before it runs and hears how it went (budget-guard.ts). */
export interface CallGuard {
  /**
   * The arguments to run with (still valid for the tool's schema) and notes saying what was
   * changed; throws an AskmlError to refuse the call (the model reads it like any tool error).
   */
  before(tool: string, args: Record<string, unknown>): { args: Record<string, unknown>; notes: string[] };
  /** After the call ran (ok or failed with an AskmlError). */
  after?(tool: string, outcome: { ok: boolean; output?: unknown; ms: number }): void;
}

export interface CallToolOptions {
  /** Read omitted nullable fields as null (arguments from a model). */
  omittedAsNull?: boolean;
  guard?: CallGuard;
}

/** Results longer than this are cut for the model (tools return ids and summaries, not rows). */
export const MAX_RESULT_CHARS = 12_000;

function clip(s: string): string {
  return s.length <= MAX_RESULT_CHARS ? s : `${s.slice(0, MAX_RESULT_CHARS)}\n... (${s.length - MAX_RESULT_CHARS} more characters cut)`;
}

function fail(tool: string, args: unknown, code: string, message: string, started: number, cause?: AskmlError): ToolOutcome {
  const error = { code, message };
  if (cause) Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return { ok: false, tool, args, error, content: `ERROR ${code}: ${message}`, ms: Date.now() - started };
}

/** The AskmlError a failed outcome stands for, with its details kept apart (prefix: e.g. 'search_model failed: '). */
export function outcomeError(out: { error?: { code: string; message: string } }, prefix = ''): AskmlError {
  const e = out.error!;
  const cause = (e as { cause?: unknown }).cause;
  return isAskmlError(cause) ? new AskmlError(cause.code, `${prefix}${cause.message}`, cause.details) : new AskmlError(e.code as ErrorCode, `${prefix}${e.message}`);
}

export async function callTool(
  tools: ReadonlyMap<string, AnyTool>,
  name: string,
  rawArgs: string | Record<string, unknown>,
  ctx: ToolContext,
  o: CallToolOptions = {},
): Promise<ToolOutcome> {
  const started = Date.now();
  const tool = tools.get(name);
  if (!tool) {
    const names = [...tools.keys()];
    // 'profile' for profile_data: a prefix counts as close too.
    const near = closest(name, names) ?? (name === '' ? undefined : names.find((n) => name.startsWith(n) || n.startsWith(name)));
    return fail(name, rawArgs, 'NOT_FOUND', `Unknown tool '${name}'.${near ? ` Did you mean '${near}'?` : ''} Valid tools: ${names.join(', ')}.`, started);
  }
  let args: unknown = rawArgs;
  if (typeof rawArgs === 'string') {
    try {
      args = rawArgs.trim() === '' ? {} : JSON.parse(rawArgs);
    } catch (e) {
      return fail(name, rawArgs, 'BAD_ARGUMENT', `Arguments for '${name}' are not valid JSON (${(e as Error).message}). Send one JSON object matching the tool's parameters.`, started);
    }
  }
  // From a model, arguments get what MCP clients get (src/mcp/args.ts): a left-out optional field is
  // null, not an error of its own beside the real one; an unknown field names the valid ones;
  // 'Macro-F1' and 'EN' are read as macro_f1 and en; ids are trimmed and lower-cased.
  let filled = args;
  if (o.omittedAsNull) {
    try {
      filled = prepareArgs(tool, args, { workspaceDir: ctx.workspaceDir });
    } catch (e) {
      if (isAskmlError(e)) return fail(name, args, e.code, e.describe(), started, e);
      throw e;
    }
  }
  const parsed = (tool.input as z.ZodObject).safeParse(filled);
  if (!parsed.success) {
    return fail(name, args, 'BAD_ARGUMENT', `Invalid arguments for '${name}':\n${invalidArgsText(parsed.error, filled)}\nFix these arguments and call '${name}' again.`, started);
  }
  let input = parsed.data as Record<string, unknown>;
  let notes: string[] = [];
  if (o.guard) {
    try {
      ({ args: input, notes } = o.guard.before(name, input));
    } catch (e) {
      if (isAskmlError(e)) return fail(name, input, e.code, e.describe(), started, e);
      throw e;
    }
  }
  const withNotes = (out: ToolOutcome): ToolOutcome =>
    notes.length === 0 ? out : { ...out, notes, content: `${notes.map((n) => `NOTE: ${n}`).join('\n')}\n${out.content}` };
  try {
    const output = await tool.run(input, ctx);
    const summary = tool.summarize ? tool.summarize(output) : undefined;
    const json = JSON.stringify(output);
    const ms = Date.now() - started;
    o.guard?.after?.(name, { ok: true, output, ms });
    return withNotes({ ok: true, tool: name, args: input, output, content: clip(summary ? `${summary}\n${json}` : json), ms });
  } catch (e) {
    if (isAskmlError(e)) {
      if (e.code === 'CANCELLED') throw e;
      const out = fail(name, input, e.code, e.describe(), started, e);
      o.guard?.after?.(name, { ok: false, ms: out.ms });
      return withNotes(out);
    }
    throw e;
  }
}


export function toolMap(tools: readonly AnyTool[]): Map<string, AnyTool> {
  const m = new Map<string, AnyTool>();
  for (const t of tools) {
    if (m.has(t.name)) throw new AskmlError('INTERNAL', `Two tools are named '${t.name}'.`);
    m.set(t.name, t);
  }
  return m;
}
