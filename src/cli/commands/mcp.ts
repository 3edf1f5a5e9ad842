/** `askml mcp [--http [--port N] [--host H] [--token T]] [--allow DIR]... [--workspace DIR]`: serve the tools over MCP. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { numberFlag } from './run.js';
import { version } from '../main.js';

export const DEFAULT_MCP_PORT = 3333;

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Serve the askml tools to an IDE or agent over MCP (stdio, or Streamable HTTP with --http).',
  usage: [
    'Usage: askml mcp [--allow DIR]... [--workspace DIR]',
    '       askml mcp --http [--port 3333] [--host 127.0.0.1] [--token SECRET] [--allow-origin ORIGIN]... [--allow DIR]...',
    '',
    'Serves every askml tool (profile_data, search_model, evaluate, export_model, ...), the run reports,',
    'leaderboards and trial logs as resources (askml://runs/{run_id}/report ...) and a "train_model" prompt.',
    'Tools read and write files only under the allowed folders: the --allow folders plus the client\'s roots,',
    'or the working folder when there are none (the workspace folder is always allowed).',
    '',
    'Flags:',
    '  --http                serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio',
    `  --port N              HTTP port (default ${DEFAULT_MCP_PORT}; 0: any free port)`,
    '  --host H              HTTP bind address (default 127.0.0.1); any non-loopback address needs --token',
    '  --token SECRET        require "Authorization: Bearer SECRET" (default $ASKML_MCP_TOKEN)',
    '  --allow-origin O      also accept browser requests from origin O (repeatable; localhost origins always pass)',
    '  --allow DIR           let tools read and write under DIR (repeatable)',
    '  --workspace DIR       where runs, models and tasks are kept (default .askml or $ASKML_WORKSPACE)',
    '',
    'Examples:',
    '  askml mcp',
    '  askml mcp --allow ~/data --allow ./examples',
    '  ASKML_MCP_TOKEN=s3cret askml mcp --http --host 0.0.0.0 --port 8808',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('mcp', argv, {
      http: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      allow: { type: 'string', multiple: true },
      workspace: { type: 'string' },
    });
    positionals('mcp', pos, []);
    const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []);
    const allow = list(values.allow);
    // A folder that is not there allows nothing: say so now rather than refuse every path later.
    for (const dir of allow) {
      const abs = path.resolve(dir);
      if (!existsSync(abs)) throw new AskmlError('FILE_NOT_FOUND', `--allow '${dir}' does not exist.`, { path: abs, hint: 'Give an existing folder the tools may read and write under.' });
      if (!statSync(abs).isDirectory()) throw new AskmlError('NOT_A_DIRECTORY', `--allow '${dir}' is a file, not a folder.`, { path: abs, hint: 'Give the folder that holds it.' });
    }
    const server = { allow, workspaceDir: values.workspace, version: version() };
    if (!values.http) {
      for (const f of ['port', 'host', 'token', 'allow-origin'] as const) {
        if (values[f] !== undefined) throw new AskmlError('BAD_ARGUMENT', `--${f} only applies to HTTP mode.`, { hint: 'Add --http, or drop the flag.' });
      }
      const { runStdioServer } = await import('../../mcp/stdio.js');
      await runStdioServer(server);
      return 0;
    }
    const port = numberFlag('port', values.port, { integer: true }) ?? DEFAULT_MCP_PORT;
    if (port < 0 || port > 65535) throw new AskmlError('BAD_ARGUMENT', `--port must be between 0 and 65535, got ${port}.`);
    const token = values.token ?? (process.env.ASKML_MCP_TOKEN || undefined);
    const { startHttpServer } = await import('../../mcp/http.js');
    const running = await startHttpServer({ ...server, host: values.host ?? '127.0.0.1', port, token, allowedOrigins: list(values['allow-origin']) });
    process.stderr.write(`askml mcp: Streamable HTTP at ${running.url}${token ? ' (bearer token required)' : ''}. Ctrl-C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await running.close();
    return 0;
  },
};
