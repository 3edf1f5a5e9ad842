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
 *
 * Tool logs go out as notifications/message on the call's own stream (relatedRequestId, so they
 * reach an HTTP client on the POST stream it reads), filtered by the level the client set with
 * logging/setLevel. That request is answered here, not by the SDK's handler: the SDK keeps the
 * level only for Server.sendLoggingMessage, which sends outside the call's stream.
 *
 * Shutdown (SIGINT / SIGTERM of the server): ServedTools.shutdown() refuses new calls, asks the
 * running ones to stop (a search keeps its best model and returns it) and waits for their answers,
 * so a client gets a result or an error before the transport closes instead of waiting for its
 * own timeout. A call still running after the grace period is stopped hard and answered with a
 * CANCELLED error.
 */
import { z } from 'zod';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol, type RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ListToolsRequestSchema,
  LoggingLevelSchema,
  SetLevelRequestSchema,
  type CallToolResult,
  type LoggingLevel,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { callTool, toolMap } from '../agent/call-tool.js';
import { isAskmlError } from '../errors.js';
import type { AnyTool, ProgressUpdate, ToolContext } from '../../tools/define-tool.js';
import { prepareArgs } from './args.js';
import { nullableKeys } from '../agent/null-args.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ServeToolsOptions {
  tools: readonly AnyTool[];
  /** Workspace and path sandbox for a call (signal, progress and log are added per request). */
  context(): Pick<ToolContext, 'workspaceDir' | 'resolvePath' | 'lang'>;
  /** Awaited before each call (e.g. to refresh the client's roots); `signal`: the call is being stopped. */
  beforeCall?(extra: Extra, signal?: AbortSignal): Promise<void>;
}

/** What a running call is told, and a new call is refused with, while the server shuts down. */
export const SHUTTING_DOWN = 'The askml MCP server is shutting down';

/** How long running calls get to stop and answer when the server shuts down (default of shutdown()). */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ServedTools {
  /** Tool calls being answered now. */
  running(): number;
  /**
   * The server is shutting down: refuse new tool calls, ask the running ones to stop (a search
   * stops searching and still saves and returns its best model), and resolve once every call has
   * been answered. A call still running after graceMs is stopped hard (ctx.hardSignal) and
   * answered with a CANCELLED error at once; so is one still running when `hurry` aborts (a
   * signal during a shutdown that began otherwise).
   */
  shutdown(o?: { graceMs?: number; hurry?: AbortSignal }): Promise<void>;
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

const SEVERITY = new Map(LoggingLevelSchema.options.map((l, i) => [l, i]));

/** Tool logs are info messages; none goes out when the client asked for a higher level only. */
function logSender(extra: Extra, minLevel: () => LoggingLevel | null): (m: string) => void {
  return (m) => {
    const min = minLevel();
    if (min !== null && SEVERITY.get('info')! < SEVERITY.get(min)!) return;
    extra.sendNotification({ method: 'notifications/message', params: { level: 'info', logger: 'askml', data: m } }).catch(() => {});
  };
}

/** A signal that fires when any of `signals` does; dispose() removes its listeners. */
function anySignal(signals: (AbortSignal | undefined)[]): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const abort = () => ac.abort();
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  for (const s of live) {
    if (s.aborted) ac.abort();
    else s.addEventListener('abort', abort, { once: true });
  }
  return { signal: ac.signal, dispose: () => live.forEach((s) => s.removeEventListener('abort', abort)) };
}

/** Install tools/list, tools/call and logging/setLevel on a low-level Server (before it connects). */
export function serveTools(server: Server, o: ServeToolsOptions): ServedTools {
  const map = toolMap(o.tools);
  const definitions = o.tools.map(toolDefinition);
  const names = o.tools.map((t) => t.name);
  // Tool logs are sent as logging notifications, so the server declares logging.
  server.registerCapabilities({ tools: { listChanged: false }, logging: {} });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));
  // One server per client session (stdio, or one HTTP session), so one level per server.
  let logLevel: LoggingLevel | null = null;
  server.setRequestHandler(SetLevelRequestSchema, (req) => {
    logLevel = req.params.level;
    return {};
  });
  /** Shutdown: `stopping` asks the running calls to stop, `stopNow` ends the grace period. */
  const stopping = new AbortController();
  const stopNow = new AbortController();
  const calls = new Set<Promise<CallToolResult>>();

  const handler = async (req: LooseCallToolRequest, extra: Extra, stop: Pick<ToolContext, 'signal' | 'hardSignal'>): Promise<CallToolResult> => {
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
      await o.beforeCall?.(extra, stop.signal);
      const ctx: ToolContext = { ...o.context(), ...stop, progress: progressSender(extra), log: logSender(extra, () => logLevel) };
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
  /** A call as the client sees it: stopped with the server, and answered even when it cannot finish in time. */
  const served = async (req: LooseCallToolRequest, extra: Extra): Promise<CallToolResult> => {
    if (stopping.signal.aborted) return errorResult('CANCELLED', `${SHUTTING_DOWN}; it takes no new tool calls. Call again once it is running again.`);
    const signal = anySignal([extra.signal, stopping.signal]);
    let onStopNow = () => {};
    const cutOff = new Promise<CallToolResult>((resolve) => {
      onStopNow = () =>
        resolve(errorResult('CANCELLED', `${SHUTTING_DOWN} and stopped this call before it could finish. Results written so far are kept in the workspace; call it again once the server is running again.`));
      stopNow.signal.addEventListener('abort', onStopNow, { once: true });
    });
    try {
      const res = await Promise.race([handler(req, extra, { signal: signal.signal, hardSignal: stopNow.signal }), cutOff]);
      const name = typeof req.params?.name === 'string' ? req.params.name.trim() : '';
      if (stopping.signal.aborted && map.get(name)?.long && !res.isError) {
        res.content = [...res.content, { type: 'text', text: `${SHUTTING_DOWN}: this call was stopped early, and the result above is what it had done by then.` }];
      }
      return res;
    } finally {
      stopNow.signal.removeEventListener('abort', onStopNow);
      signal.dispose();
    }
  };
  const tracked = (req: LooseCallToolRequest, extra: Extra): Promise<CallToolResult> => {
    const p = served(req, extra);
    calls.add(p);
    void p.finally(() => calls.delete(p)).catch(() => {});
    return p;
  };
  // Protocol's registration, not Server's: see the file comment.
  (Protocol.prototype.setRequestHandler as (this: Server, schema: typeof LooseCallToolRequestSchema, h: typeof tracked) => void).call(
    server,
    LooseCallToolRequestSchema,
    tracked,
  );
  return {
    running: () => calls.size,
    async shutdown({ graceMs = SHUTDOWN_GRACE_MS, hurry }: { graceMs?: number; hurry?: AbortSignal } = {}) {
      stopping.abort();
      if (calls.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((r) => {
          timer = setTimeout(r, graceMs);
          if (hurry?.aborted) r();
          else hurry?.addEventListener('abort', () => r(), { once: true });
        });
        await Promise.race([Promise.allSettled([...calls]), grace]);
        clearTimeout(timer);
        stopNow.abort(); // calls still running are answered with CANCELLED now
        await Promise.allSettled([...calls]);
      }
      // The SDK sends an answer after the handler's promise settles: let it go out.
      await new Promise((r) => setImmediate(r));
    },
  };
}

/** The one tool whose fields cover all of `keys` (for a call that forgot the tool name), if exactly one does. */
function guessTool(tools: readonly AnyTool[], keys: string[]): string | undefined {
  if (keys.length === 0) return undefined;
  const fits = tools.filter((t) => keys.every((k) => Object.prototype.hasOwnProperty.call(t.input.shape, k)));
  return fits.length === 1 ? fits[0].name : undefined;
}
