/**
 * `askml mcp` over stdio: one server on stdin/stdout until the client closes stdin; then the tool
 * calls in flight are stopped and answered, and its background tasks are cancelled (recorded as
 * cancelled) so the process exits. stdout is the
 * protocol channel, so console.log / console.info are sent to stderr while the server runs.
 *
 * SIGINT / SIGTERM while the client is still connected (an IDE stopping its servers, Ctrl-C in a
 * terminal): the tool calls in flight are stopped and answered on stdout first (a search returns
 * its best model so far; one that cannot stop within the grace period gets a CANCELLED error),
 * background tasks are recorded as cancelled, and then the server closes. A second signal ends the
 * process at once.
 *
 * Lines the protocol cannot take (not JSON, not JSON-RPC, a batch, too long) are answered with
 * JSON-RPC errors instead of being dropped (line-transport.ts).
 */
import { createAskmlServer, type AskmlServerOptions } from './server.js';
import { sendReadableErrors } from './protocol-errors.js';
import { LineServerTransport } from './line-transport.js';

export interface StdioOptions extends AskmlServerOptions {
  /** On SIGINT / SIGTERM, how long tool calls in flight get to stop and answer (default 10 s). */
  shutdownGraceMs?: number;
}

export async function runStdioServer(o: StdioOptions = {}): Promise<void> {
  console.log = console.error;
  console.info = console.error;
  const { mcp, sandbox, workspaceDir, shutdown } = createAskmlServer(o);
  const transport = sendReadableErrors(new LineServerTransport());
  let signalled: NodeJS.Signals | null = null;
  let onSignal = (_sig: NodeJS.Signals) => {};
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // After the transport has read a last line without a newline (its own 'end' listener) and
    // the protocol has taken it up (its handlers start on later ticks).
    process.stdin.once('end', () => setImmediate(resolve));
    onSignal = (sig) => {
      signalled = sig;
      resolve();
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await mcp.connect(transport);
  process.stderr.write(`askml mcp: serving on stdio; files under ${sandbox.roots().join(', ') || 'no folder yet (pass --allow DIR, or use a client that sends roots)'}; workspace ${workspaceDir}\n`);
  await closed;
  // A second signal gets Node's default action: the process ends at once.
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Signalled: the client is still there. Otherwise the client closed stdin (MCP's stdio shutdown)
  // and nobody can poll or cancel a background task any more. Either way the calls in flight are
  // stopped and answered before the channel closes (a client reading stdout to the end, a script
  // piping requests in, gets them; a writer gone away is ignored).
  const clientGone = signalled === null;
  if (signalled) process.stderr.write(`askml mcp: ${signalled}; stopping the tool calls in flight and answering them (a second ${signalled} ends the process at once)\n`);
  // The client gone, it waits a little and sends SIGTERM (the SDK's client: 2 s): that first
  // signal stops the calls hard (a search keeps its best trial's model) instead of killing the
  // process; a second one ends it at once.
  const hurry = new AbortController();
  const onHurry = (sig: NodeJS.Signals): void => {
    process.off('SIGINT', onHurry);
    process.off('SIGTERM', onHurry);
    process.stderr.write(`askml mcp: ${sig} while stopping; the tool calls still running are stopped now (a second ${sig} ends the process at once)\n`);
    hurry.abort();
  };
  if (clientGone) {
    process.once('SIGINT', onHurry);
    process.once('SIGTERM', onHurry);
  }
  const stopped = await shutdown({ graceMs: o.shutdownGraceMs, clientGone, hurry: hurry.signal });
  await mcp.close().catch(() => {});
  process.off('SIGINT', onHurry);
  process.off('SIGTERM', onHurry);
  if (stopped.length > 0) process.stderr.write(`askml mcp: ${clientGone ? 'client gone; ' : ''}cancelled background task(s) ${stopped.join(', ')}\n`);
}
