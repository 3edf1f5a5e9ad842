/**
 * `askml mcp --http`: Streamable HTTP on one endpoint (/mcp), one askml server and transport per
 * client session (the Mcp-Session-Id header), behind the checks of http-guard.ts. Plain node:http,
 * no web framework.
 *
 * close() (SIGINT / SIGTERM of `askml mcp --http`) answers before it hangs up: new requests get
 * 503, each session's tool calls in flight are stopped and answered on their open streams (a
 * search returns its best model so far; one that cannot stop within the grace period gets a
 * CANCELLED error), background tasks are recorded as cancelled, and only then are the streams and
 * connections closed. Without that a client waits for its own request timeout.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { checkBind, checkRequest, type GuardOptions } from './http-guard.js';
import { createAskmlServer, type AskmlServer, type AskmlServerOptions } from './server.js';
import { sendReadableErrors } from './protocol-errors.js';
import { checkMessages } from './jsonrpc-check.js';

export interface HttpOptions extends AskmlServerOptions, GuardOptions {
  /** 0: any free port. */
  port: number;
  maxSessions?: number;
  /** Close a session after this long without requests and with none open (default 1 h). */
  idleMs?: number;
  /** On close(), how long tool calls in flight get to stop and answer (default 10 s). */
  shutdownGraceMs?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  sessions(): number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function rpcError(res: ServerResponse, status: number, code: number, message: string, headers?: Record<string, string>, id: string | number | null = null): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id }, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHttpServer(o: HttpOptions): Promise<RunningHttpServer> {
  checkBind(o);
  const maxSessions = o.maxSessions ?? 64;
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  /** Every askml server made, until its background tasks have stopped after its session closed. */
  const servers = new Set<AskmlServer>();
  const activity = new Map<string, { last: number; open: number }>();
  const idleMs = o.idleMs ?? 3_600_000;
  let closing = false;
  /** POST responses not yet ended: the streams that carry answers to requests. */
  const posts = new Set<ServerResponse>();
  let postsDone: (() => void) | null = null;
  const trackPost = (res: ServerResponse) => {
    posts.add(res);
    res.once('close', () => {
      posts.delete(res);
      if (posts.size === 0) postsDone?.();
    });
  };
  const track = (id: string, res: ServerResponse) => {
    const a = activity.get(id) ?? { last: Date.now(), open: 0 };
    activity.set(id, a);
    a.open++;
    a.last = Date.now();
    res.once('close', () => {
      a.open--;
      a.last = Date.now();
    });
  };
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, a] of activity) {
      if (a.open <= 0 && now - a.last > idleMs) {
        activity.delete(id);
        void sessions.get(id)?.close().catch(() => {});
        sessions.delete(id);
      }
    }
  }, Math.min(60_000, idleMs)).unref();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/mcp') return rpcError(res, 404, -32000, `Not found: the MCP endpoint is /mcp.`);
    if (closing) return rpcError(res, 503, -32000, 'The askml MCP server is shutting down.');
    const rejected = checkRequest(req.headers, o);
    if (rejected) {
      return rpcError(res, rejected.status, -32000, rejected.message, rejected.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    }
    if (req.method === 'POST') trackPost(res);
    const sid = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(sid) ? sid[0] : sid;
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = JSON.parse(await readBody(req));
      } catch (e) {
        return rpcError(res, 400, -32700, `Parse error: ${e instanceof Error ? e.message : String(e)}`);
      }
      // The SDK answers well-formed JSON that is no JSON-RPC message with -32700 and no reason.
      const checked = checkMessages(body, true);
      if ('problem' in checked) return rpcError(res, 400, checked.problem.code, checked.problem.message, undefined, checked.problem.id);
    }
    if (sessionId) {
      const t = sessions.get(sessionId);
      if (!t) return rpcError(res, 404, -32001, 'Session not found: start a new session (initialize).');
      track(sessionId, res);
      return t.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return rpcError(res, 400, -32000, 'Bad request: no Mcp-Session-Id header and not an initialize request.');
    }
    if (sessions.size >= maxSessions) return rpcError(res, 503, -32000, `Too many open sessions (${maxSessions}); close some first.`);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
        activity.set(id, { last: Date.now(), open: 0 });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) {
        sessions.delete(transport.sessionId);
        activity.delete(transport.sessionId);
      }
    };
    const srv = createAskmlServer(o);
    servers.add(srv);
    const { mcp } = srv;
    // When the session closes (DELETE, idle sweep, server close) its background tasks are cancelled (server.ts).
    const prevClose = mcp.server.onclose;
    mcp.server.onclose = () => {
      prevClose?.();
      void srv.stopBackgroundTasks().finally(() => servers.delete(srv));
    };
    await mcp.connect(sendReadableErrors(transport));
    await transport.handleRequest(req, res, body);
  };

  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      process.stderr.write(`askml mcp: error handling ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      rpcError(res, 500, -32603, 'Internal server error.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.port, o.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const addr = http.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${hostForUrl}:${addr.port}/mcp`,
    port: addr.port,
    sessions: () => sessions.size,
    async close() {
      clearInterval(sweep);
      closing = true;
      // Answer the requests in flight while their streams are open, then hang up.
      await Promise.all([...servers].map((srv) => srv.shutdown({ graceMs: o.shutdownGraceMs })));
      if (posts.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((r) => {
          postsDone = r;
          timer = setTimeout(r, 2000);
        });
        clearTimeout(timer);
      }
      for (const t of [...sessions.values()]) await t.close().catch(() => {});
      sessions.clear();
      await Promise.all([...servers].map((srv) => srv.stopBackgroundTasks()));
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
