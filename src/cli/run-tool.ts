/**
 * Call one tool from the CLI: arguments validated with the tool's own zod schema (as callTool does
 * for the planner and the MCP server), then run. Unlike callTool, which flattens a failure into
 * text for a model to read, an AskmlError from the tool reaches main() whole (code, message, hint,
 * choices), so `--json` can report each part and cli-errors.ts can reword the tool names.
 */
import path from 'node:path';
import { z } from 'zod';
import { AskmlError } from '../errors.js';
import { toolMap } from '../agent/call-tool.js';
import type { AnyTool, ProgressUpdate, ToolContext } from '../../tools/define-tool.js';
import { TOOLS } from '../../tools/index.js';
import { defaultWorkspaceDir } from '../task/store.js';

let tools: Map<string, AnyTool> | null = null;

export function cliContext(o: { workspace?: string; signal?: AbortSignal; progress?: (u: ProgressUpdate) => void; log?: (m: string) => void }): ToolContext {
  return {
    workspaceDir: path.resolve(o.workspace ?? defaultWorkspaceDir()),
    resolvePath: (p) => path.resolve(p),
    signal: o.signal,
    progress: o.progress,
    log: o.log,
  };
}

export async function runTool<T>(name: string, args: Record<string, unknown>, ctx: ToolContext): Promise<{ output: T; summary: string }> {
  tools ??= toolMap(TOOLS);
  const tool = tools.get(name);
  if (!tool) throw new AskmlError('INTERNAL', `The CLI called an unknown tool '${name}'.`);
  const parsed = (tool.input as z.ZodObject).safeParse(args);
  // The commands check their flags first, so this is a value no check caught: say which.
  if (!parsed.success) throw new AskmlError('BAD_ARGUMENT', `Invalid arguments:\n${z.prettifyError(parsed.error)}`);
  const output = await tool.run(parsed.data, ctx);
  return { output: output as T, summary: tool.summarize ? tool.summarize(output) : '' };
}
