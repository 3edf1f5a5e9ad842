/**
 * Protocol-level errors a client can act on: a line the SDK's stdio transport cannot read gets a
 * JSON-RPC error answer (id null) instead of silence, and the readable lines around it are still
 * served; a request whose params fail the SDK's own schema gets -32602 naming the field, not
 * -32603 with zod's issue list as JSON.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { answerUnreadableLines } from './stdio.js';
import { readableProtocolError, sendReadableErrors } from './protocol-errors.js';
import { createAskmlServer } from './server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function serve(lines: string[]): Promise<{ out: Record<string, unknown>[]; log: string[]; seen: unknown[]; errors: string[] }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new StdioServerTransport(stdin, stdout);
  const seen: unknown[] = [];
  const errors: string[] = [];
  // What the protocol sets on connect().
  transport.onmessage = (m) => seen.push(m);
  transport.onerror = (e) => errors.push(e.name);
  await transport.start();
  const log: string[] = [];
  answerUnreadableLines(transport, (l) => log.push(l));
  let text = '';
  stdout.on('data', (d: Buffer) => (text += d.toString()));
  stdin.write(lines.map((l) => `${l}\n`).join(''));
  await new Promise((r) => setTimeout(r, 50));
  await transport.close();
  return { out: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), log, seen, errors };
}

describe('askml mcp over stdio: unreadable lines', () => {
  it('answers a line that is not JSON with -32700 and keeps serving', async () => {
    const r = await serve(['not json', '', '   ', '{"jsonrpc":"2.0","id":7,"method":"ping"}']);
    // Blank lines are skipped, not answered (audit: each got a -32700).
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(String((r.out[0].error as { message: string }).message)).toMatch(/^Parse error: the line is not JSON/);
    expect(r.seen).toEqual([{ jsonrpc: '2.0', id: 7, method: 'ping' }]);
    expect(r.errors).toEqual(['SyntaxError', 'SyntaxError', 'SyntaxError']); // the protocol's own handler still hears of them
    expect(r.log[0]).toMatch(/Parse error.*answered with id null/);
  });

  it('answers JSON that is not a JSON-RPC message with -32600', async () => {
    const r = await serve(['{"foo":1}', '[1,2]']);
    expect(r.out.map((m) => (m.error as { code: number }).code)).toEqual([-32600, -32600]);
    expect(r.out[0].id).toBeNull();
    expect(String((r.out[0].error as { message: string }).message)).toMatch(/needs "jsonrpc": "2.0"/);
  });

  it('says nothing for a stream error that is not about a line', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const transport = new StdioServerTransport(stdin, stdout);
    const errors: string[] = [];
    transport.onerror = (e) => errors.push(e.message);
    await transport.start();
    answerUnreadableLines(transport, () => {});
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d.toString()));
    stdin.emit('error', new Error('EPIPE'));
    await new Promise((r) => setTimeout(r, 20));
    expect(text).toBe('');
    expect(errors).toEqual(['EPIPE']);
    await transport.close();
  });
});

describe('params that fail the SDK schema', () => {
  it('become -32602 Invalid params naming each field', () => {
    const zodText = JSON.stringify([{ expected: 'string', code: 'invalid_type', path: ['params', 'uri'], message: 'Invalid input: expected string, received undefined' }], null, 2);
    const out = readableProtocolError({ jsonrpc: '2.0', id: 3, error: { code: -32603, message: zodText } } as JSONRPCMessage);
    expect(out).toEqual({ jsonrpc: '2.0', id: 3, error: { code: -32602, message: 'Invalid params: params.uri: Invalid input: expected string, received undefined' } });
  });

  it('leave other errors and results alone', () => {
    const internal = { jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'disk full' } } as JSONRPCMessage;
    const bracket = { jsonrpc: '2.0', id: 1, error: { code: -32603, message: '[1, 2]' } } as JSONRPCMessage;
    const other = { jsonrpc: '2.0', id: 1, error: { code: -32601, message: '[{"path":[],"message":"x"}]' } } as JSONRPCMessage;
    const ok = { jsonrpc: '2.0', id: 1, result: {} } as JSONRPCMessage;
    for (const m of [internal, bracket, other, ok]) expect(readableProtocolError(m)).toBe(m);
  });

  it('reach a client of the real server that way', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-proto-'));
    dirs.push(dir);
    const { mcp } = createAskmlServer({ cwd: dir, workspaceDir: path.join(dir, 'ws') });
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    await mcp.connect(sendReadableErrors(new StdioServerTransport(stdin, stdout)));
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d.toString()));
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'resources/read', params: {} },
      { jsonrpc: '2.0', id: 3, method: 'logging/setLevel', params: { level: 'loud' } },
    ];
    stdin.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    for (let i = 0; i < 100 && text.split('\n').filter(Boolean).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await mcp.close();
    const byId = new Map(text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: number; error?: { code: number; message: string } }).map((m) => [m.id, m]));
    expect(byId.get(2)?.error).toEqual({ code: -32602, message: 'Invalid params: params.uri: Invalid input: expected string, received undefined' });
    expect(byId.get(3)?.error?.code).toBe(-32602);
    expect(byId.get(3)?.error?.message).toMatch(/^Invalid params: params\.level: .*"debug"/);
  });
});
