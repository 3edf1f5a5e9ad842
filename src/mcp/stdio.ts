/**
 * `askml mcp` over stdio: one server on stdin/stdout until the client closes stdin; then its
 * background tasks are cancelled (recorded as cancelled) so the process exits. stdout is the
 * protocol channel, so console.log / console.info are sent to stderr while the server runs.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createAskmlServer, type AskmlServerOptions } from './server.js';

export async function runStdioServer(o: AskmlServerOptions = {}): Promise<void> {
  console.log = console.error;
  console.info = console.error;
  const { mcp, sandbox, workspaceDir, stopBackgroundTasks } = createAskmlServer(o);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await mcp.connect(transport);
  process.stderr.write(`askml mcp: serving on stdio; files under ${sandbox.roots().join(', ') || 'no folder yet (pass --allow DIR, or use a client that sends roots)'}; workspace ${workspaceDir}\n`);
  await closed;
  await mcp.close().catch(() => {});
  // Nobody can poll or cancel a background task any more: stop them so the process can exit.
  const stopped = await stopBackgroundTasks();
  if (stopped.length > 0) process.stderr.write(`askml mcp: client gone; cancelled background task(s) ${stopped.join(', ')}\n`);
}
