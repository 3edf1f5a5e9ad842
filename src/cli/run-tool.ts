/**
 * Call one tool from the CLI the way the planner and the MCP server do (zod-validated through
 * callTool). A failure reaches main() as the tool's AskmlError whole (outcomeError: code, message,
 * hint, choices), so `--json` can report each part and cli-errors.ts can reword the tool names.
 */
import path from 'node:path';
import { callTool, outcomeError, toolMap } from '../agent/call-tool.js';
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
  const out = await callTool(tools, name, args, ctx);
  if (!out.ok) throw outcomeError(out);
  const tool = tools.get(name)!;
  return { output: out.output as T, summary: tool.summarize ? tool.summarize(out.output) : '' };
}
