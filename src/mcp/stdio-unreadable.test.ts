/**
 * A line the SDK's stdio transport cannot read gets a JSON-RPC error answer (id null) instead of
 * silence, and the readable lines around it are still served.
 */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { answerUnreadableLines } from './stdio.js';

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
    const r = await serve(['not json', '{"jsonrpc":"2.0","id":7,"method":"ping"}']);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(String((r.out[0].error as { message: string }).message)).toMatch(/^Parse error: the line is not JSON/);
    expect(r.seen).toEqual([{ jsonrpc: '2.0', id: 7, method: 'ping' }]);
    expect(r.errors).toEqual(['SyntaxError']); // the protocol's own handler still hears of it
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
