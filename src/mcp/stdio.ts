/**
 * `askml mcp` over stdio: one server on stdin/stdout until the client closes stdin; then its
 * background tasks are cancelled (recorded as cancelled) so the process exits. stdout is the
 * protocol channel, so console.log / console.info are sent to stderr while the server runs.
 *
 * SIGINT / SIGTERM while the client is still connected (an IDE stopping its servers, Ctrl-C in a
 * terminal): the tool calls in flight are stopped and answered on stdout first (a search returns
 * its best model so far; one that cannot stop within the grace period gets a CANCELLED error),
 * background tasks are recorded as cancelled, and then the server closes. A second signal ends the
 * process at once.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createAskmlServer, type AskmlServerOptions } from './server.js';
import { sendReadableErrors } from './protocol-errors.js';

/**
 * JSON-RPC 2.0 answers a line it cannot read: -32700 (not JSON) or -32600 (JSON, but not a
 * JSON-RPC message), with id null; a blank line is skipped. The SDK's transport only reports such a line to onerror and
 * drops it, so a client that sent it would wait for its own timeout. Call after connect() (the
 * protocol sets onerror there); the protocol's handler still runs.
 */
export function answerUnreadableLines(transport: StdioServerTransport, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const inner = transport.onerror;
  transport.onerror = (error: Error) => {
    // A blank line (a keep-alive, a stray newline) is no message: JSON.parse says "Unexpected end of
    // JSON input", as it does for a line cut short; neither is answered.
    if (error instanceof SyntaxError && /Unexpected end of JSON input/.test(error.message)) {
      inner?.(error);
      return;
    }
    const parse = error instanceof SyntaxError;
    const invalid = !parse && (error.name === 'ZodError' || Array.isArray((error as { issues?: unknown }).issues));
    if (parse || invalid) {
      const message = parse
        ? `Parse error: the line is not JSON (${error.message})`
        : 'Invalid Request: the line is JSON but not a JSON-RPC 2.0 message (it needs "jsonrpc": "2.0" and a "method", or an "id" with a "result" or an "error")';
      log(`askml mcp: ${message}; answered with id null`);
      transport.send({ jsonrpc: '2.0', id: null, error: { code: parse ? -32700 : -32600, message } } as unknown as Parameters<StdioServerTransport['send']>[0]).catch(() => {});
    }
    inner?.(error);
  };
}

export interface StdioOptions extends AskmlServerOptions {
  /** On SIGINT / SIGTERM, how long tool calls in flight get to stop and answer (default 10 s). */
  shutdownGraceMs?: number;
}

export async function runStdioServer(o: StdioOptions = {}): Promise<void> {
  console.log = console.error;
  console.info = console.error;
  const { mcp, sandbox, workspaceDir, stopBackgroundTasks, shutdown } = createAskmlServer(o);
  const transport = sendReadableErrors(new StdioServerTransport());
  let signalled: NodeJS.Signals | null = null;
  let onSignal = (_sig: NodeJS.Signals) => {};
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    onSignal = (sig) => {
      signalled = sig;
      resolve();
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await mcp.connect(transport);
  answerUnreadableLines(transport);
  process.stderr.write(`askml mcp: serving on stdio; files under ${sandbox.roots().join(', ') || 'no folder yet (pass --allow DIR, or use a client that sends roots)'}; workspace ${workspaceDir}\n`);
  await closed;
  // A second signal gets Node's default action: the process ends at once.
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (signalled) {
    // The client is still there: answer its calls in flight before closing the channel.
    process.stderr.write(`askml mcp: ${signalled}; stopping the tool calls in flight and answering them (a second ${signalled} ends the process at once)\n`);
    const stopped = await shutdown({ graceMs: o.shutdownGraceMs });
    if (stopped.length > 0) process.stderr.write(`askml mcp: cancelled background task(s) ${stopped.join(', ')}\n`);
    await mcp.close().catch(() => {});
    return;
  }
  await mcp.close().catch(() => {});
  // Nobody can poll or cancel a background task any more: stop them so the process can exit.
  const stopped = await stopBackgroundTasks();
  if (stopped.length > 0) process.stderr.write(`askml mcp: client gone; cancelled background task(s) ${stopped.join(', ')}\n`);
}
