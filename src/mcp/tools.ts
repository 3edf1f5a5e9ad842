/**
 * Serve askml's tools over MCP: tools/list from each tool's zod schemas (input and output JSON
 * Schema, title, annotations) and tools/call through the same callTool the planner uses (zod
 * validation, AskmlError -> readable error). Every failure comes back as an `isError` result the
 * model can act on; nothing a client sends can crash the server.
 *
 * Long tools get progress notifications (when the request carries a progressToken) and the
 * request's AbortSignal as ctx.signal, so a client cancelling the request stops the search.
 *
 * tools/call is installed with Protocol's own setRequestHandler and a loose params schema: the
 * SDK's Server validates params (name a string, arguments an object) before any handler runs and
 * answers a mistake with a JSON-RPC error holding a raw zod dump. Here a missing name, or
 * arguments sent as a JSON string, an array or null, get an isError result naming the tool and its
 * fields instead (src/mcp/args.ts), which a model can read and fix.
 */
import { z } from 'zod';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol, type RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ListToolsRequestSchema,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { callTool, toolMap } from '../agent/call-tool.js';
import { isAskmlError } from '../errors.js';
import type { AnyTool, ProgressUpdate, ToolContext } from '../../tools/define-tool.js';
import { nullableKeys, prepareArgs } from './args.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ServeToolsOptions {
  tools: readonly AnyTool[];
  /** Workspace and path sandbox for a call (signal, progress and log are added per request). */
  context(): Pick<ToolContext, 'workspaceDir' | 'resolvePath' | 'lang'>;
  /** Awaited before each call (e.g. to refresh the client's roots). */
  beforeCall?(extra: Extra): Promise<void>;
}

/** Progress notifications at most this often (the final one always goes out). */
const PROGRESS_EVERY_MS = 200;

/** tools/call as sent: params and its fields are checked by the handler, not by the SDK. */
const LooseCallToolRequestSchema = z.object({
  method: z.literal('tools/call'),
  params: z.looseObject({ name: z.unknown().optional(), arguments: z.unknown().optional() }).optional(),
});

type LooseCallToolRequest = z.infer<typeof LooseCallToolRequestSchema>;

function jsonSchema(schema: z.ZodObject, io: 'input' | 'output'): Tool['inputSchema'] {
  const js = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  if (io === 'input' && Array.isArray(js.required)) {
    const optional = nullableKeys(schema);
    js.required = (js.required as string[]).filter((k) => !optional.has(k));
  }
  return { ...js, type: 'object' } as Tool['inputSchema'];
}

/** The MCP tool definition of an askml tool. */
export function toolDefinition(t: AnyTool): Tool {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: jsonSchema(t.input, 'input'),
    outputSchema: jsonSchema(t.output, 'output') as Tool['outputSchema'],
    annotations: { title: t.title, ...(t.annotations ?? {}) },
  };
}

export function errorResult(code: string, message: string): CallToolResult {
  return { content: [{ type: 'text', text: `ERROR ${code}: ${message}` }], isError: true };
}

function progressSender(extra: Extra): ((u: ProgressUpdate) => void) | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let last = -Infinity;
  let lastAt = 0;
  return (u) => {
    const now = Date.now();
    const final = u.total !== undefined && u.progress >= u.total;
    if (!(u.progress > last) || (!final && now - lastAt < PROGRESS_EVERY_MS)) return; // progress must increase
    last = u.progress;
    lastAt = now;
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: u.progress, total: u.total, message: u.message } })
      .catch(() => {});
  };
}

function logSender(extra: Extra): (m: string) => void {
  return (m) => {
    extra.sendNotification({ method: 'notifications/message', params: { level: 'info', logger: 'askml', data: m } }).catch(() => {});
  };
}

/** Install tools/list and tools/call on a low-level Server (before it connects). */
export function serveTools(server: Server, o: ServeToolsOptions): void {
  const map = toolMap(o.tools);
  const definitions = o.tools.map(toolDefinition);
  const names = o.tools.map((t) => t.name);
  server.registerCapabilities({ tools: { listChanged: false } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));
  const handler = async (req: LooseCallToolRequest, extra: Extra): Promise<CallToolResult> => {
    const rawName = req.params?.name;
    const name = typeof rawName === 'string' ? rawName.trim() : '';
    try {
      if (name === '') {
        const args = req.params?.arguments;
        const near = typeof args === 'object' && args !== null && !Array.isArray(args) ? guessTool(o.tools, Object.keys(args)) : undefined;
        return errorResult(
          'BAD_ARGUMENT',
          `tools/call needs the tool's name as a string in params.name${rawName === undefined ? '' : ` (got ${JSON.stringify(rawName)})`}.` +
            `${near ? ` These arguments fit '${near}'.` : ''} Valid tools: ${names.join(', ')}.`,
        );
      }
      await o.beforeCall?.(extra);
      const ctx: ToolContext = { ...o.context(), signal: extra.signal, progress: progressSender(extra), log: logSender(extra) };
      const known = map.get(name);
      if (!known) {
        const out = await callTool(map, name, {}, ctx); // callTool's answer to an unknown name
        return errorResult(out.error!.code, out.error!.message);
      }
      const args = prepareArgs(known, req.params?.arguments, { workspaceDir: ctx.workspaceDir });
      const out = await callTool(map, name, args, ctx);
      if (!out.ok) return errorResult(out.error!.code, out.error!.message);
      const tool = map.get(name)!;
      // Through JSON once: structuredContent is what the client sees (NaN -> null and so on).
      const structured = JSON.parse(JSON.stringify(out.output)) as Record<string, unknown>;
      const checked = tool.output.safeParse(structured);
      if (!checked.success) {
        return errorResult('INTERNAL', `Tool '${name}' produced output that does not match its schema (a bug in askml): ${z.prettifyError(checked.error)}`);
      }
      let text: string;
      try {
        text = tool.summarize ? tool.summarize(out.output) : JSON.stringify(structured);
      } catch {
        text = JSON.stringify(structured);
      }
      return { content: [{ type: 'text', text }], structuredContent: structured };
    } catch (e) {
      if (isAskmlError(e)) return errorResult(e.code, e.describe());
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`askml mcp: internal error in tool '${name}': ${e instanceof Error ? (e.stack ?? msg) : msg}\n`);
      return errorResult('INTERNAL', `Internal error in tool '${name}' (a bug in askml): ${msg}`);
    }
  };
  // Protocol's registration, not Server's: see the file comment.
  (Protocol.prototype.setRequestHandler as (this: Server, schema: typeof LooseCallToolRequestSchema, h: typeof handler) => void).call(
    server,
    LooseCallToolRequestSchema,
    handler,
  );
}

/** The one tool whose fields cover all of `keys` (for a call that forgot the tool name), if exactly one does. */
function guessTool(tools: readonly AnyTool[], keys: string[]): string | undefined {
  if (keys.length === 0) return undefined;
  const fits = tools.filter((t) => keys.every((k) => Object.prototype.hasOwnProperty.call(t.input.shape, k)));
  return fits.length === 1 ? fits[0].name : undefined;
}
