/**
 * A scripted OpenAI-compatible Chat Completions server on 127.0.0.1 (port 0), for tests that use
 * the real `openai` SDK (or any HTTP client). Each POST /v1/chat/completions takes the next
 * scripted reply: an assistant message (text and/or tool calls), an HTTP error status, or a hang
 * (no answer until the client gives up). Every request body is recorded for assertions.
 *
 *   const server = await startFakeOpenAIServer([
 *     reply.tools({ name: 'profile_data', arguments: { dataset: 'x.csv' } }),
 *     reply.text('done'),
 *   ]);
 *   // baseURL: server.url  (ends in /v1)
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedToolCall {
  name: string;
  /** An object is JSON-encoded; a string is sent verbatim (to script malformed JSON). */
  arguments: string | Record<string, unknown>;
  id?: string;
}

export type ScriptedReply =
  | { kind: 'message'; content?: string | null; toolCalls?: ScriptedToolCall[]; usage?: { prompt: number; completion: number } }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' };

export const reply = {
  text: (content: string, usage = { prompt: 10, completion: 5 }): ScriptedReply => ({ kind: 'message', content, usage }),
  tools: (...calls: ScriptedToolCall[]): ScriptedReply => ({ kind: 'message', content: null, toolCalls: calls, usage: { prompt: 10, completion: 5 } }),
  status: (status: number, headers?: Record<string, string>): ScriptedReply => ({ kind: 'status', status, headers }),
  hang: (): ScriptedReply => ({ kind: 'hang' }),
};

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface FakeOpenAIServer {
  /** Base URL for the SDK, e.g. http://127.0.0.1:54321/v1 */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** `script` is a list consumed in order, or a function of the request and its index. */
export async function startFakeOpenAIServer(
  script: ScriptedReply[] | ((req: RecordedRequest, index: number) => ScriptedReply),
): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let callNo = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        /* keep raw text */
      }
      const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: performance.now() };
      requests.push(rec);
      if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake server: no route ${req.method} ${req.url}`, type: 'not_found' } }));
        return;
      }
      const i = callNo++;
      const r = typeof script === 'function' ? script(rec, i) : script[i];
      if (!r) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake server: script exhausted at request ${i + 1}`, type: 'invalid_request_error' } }));
        return;
      }
      if (r.kind === 'hang') return; // never answer; the client must time out
      if (r.kind === 'status') {
        res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
        res.end(JSON.stringify(r.body ?? { error: { message: `fake server: scripted HTTP ${r.status}`, type: 'server_error' } }));
        return;
      }
      const model = (body as { model?: string } | null)?.model ?? 'fake-model';
      const toolCalls = (r.toolCalls ?? []).map((c, k) => ({
        id: c.id ?? `call_${i + 1}_${k + 1}`,
        type: 'function',
        function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
      }));
      const usage = r.usage ?? { prompt: 0, completion: 0 };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-fake-${i + 1}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: r.content ?? null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
              finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
            },
          ],
          usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
        }),
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
