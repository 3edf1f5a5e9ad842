/**
 * A tool is a plain object: name, description, zod input and output schemas, and `run`.
 * The zod schemas are the single source of the TypeScript types, the OpenAI function schema
 * (strict mode: closed objects, `.nullable()` not `.optional()`) and the MCP schemas.
 * The planner and the MCP server loop over tools/index.ts and hold no tool logic of their own.
 */
import type { z } from 'zod';

export interface ProgressUpdate {
  /** Work done so far (e.g. seconds elapsed or trials finished). */
  progress: number;
  /** Total work when known (e.g. the budget in seconds). */
  total?: number;
  message?: string;
}

export interface ToolContext {
  /** Root folder of the workspace (default `.askml/`): datasets, runs, models, tasks live here. */
  workspaceDir: string;
  /** Resolve and check a user-given data path (MCP sandboxes it to allowed roots). */
  resolvePath(path: string): string;
  progress?(update: ProgressUpdate): void;
  /** Stops the work. A search stops searching but still refits and saves what it found. */
  signal?: AbortSignal;
  /** Stops everything at once, a search's final refit included (a second Ctrl-C). */
  hardSignal?: AbortSignal;
  log?(message: string): void;
  /** Language for user-facing text the project writes (reports): from the instruction. */
  lang?: 'zh' | 'en';
}

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolDef<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations?: ToolAnnotations;
  /** Long-running tools report progress and honour cancellation. */
  long?: boolean;
  run(input: z.infer<I>, ctx: ToolContext): Promise<z.infer<O>>;
  /**
   * Cheap checks of valid input that run would refuse at once (unknown learner, a metric that does
   * not fit the task): start_task calls it before handing out a task id. Throws an AskmlError.
   */
  precheck?(input: z.infer<I>, ctx: ToolContext): void;
  /** A one-paragraph text summary of the output, for the model and for people. */
  summarize?(output: z.infer<O>): string;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(def: ToolDef<I, O>): ToolDef<I, O> {
  return def;
}

/** Any tool, with its input/output types erased (for registries and loops). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDef<any, any>;
