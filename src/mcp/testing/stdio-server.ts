/** Test helper: a transport that starts `askml mcp` over stdio in `cwd`, with its own workspace. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function askmlStdioTransport(o: { cwd: string; workspace: string }): StdioClientTransport {
  return new StdioClientTransport({
    command: process.execPath,
    args: [path.join(repo, 'bin/askml'), 'mcp'],
    cwd: o.cwd,
    env: { ...(process.env as Record<string, string>), ASKML_WORKSPACE: o.workspace },
    stderr: 'pipe',
  });
}
