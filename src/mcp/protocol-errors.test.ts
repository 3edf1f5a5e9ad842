/**
 * Protocol-level errors a client can act on: a line the stdio transport cannot take gets a
 * JSON-RPC error answer (with the message's id when it has one) instead of silence, and the
 * readable lines around it are still served; a request whose params fail the SDK's own schema gets -32602 naming the field, not
 * -32603 with zod's issue list as JSON.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineServerTransport } from './line-transport.js';
import { checkMessages } from './jsonrpc-check.js';
import { readableProtocolError, sendReadableErrors } from './protocol-errors.js';
import { createAskmlServer } from './server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function serve(
  chunks: (string | Buffer)[],
  o: { maxLineBytes?: number; end?: boolean } = {},
): Promise<{ out: Record<string, unknown>[]; log: string[]; seen: unknown[]; errors: string[] }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const log: string[] = [];
  const transport = new LineServerTransport(stdin, stdout, { maxLineBytes: o.maxLineBytes, log: (l) => log.push(l) });
  const seen: unknown[] = [];
  const errors: string[] = [];
  // What the protocol sets on connect().
  transport.onmessage = (m) => seen.push(m);
  transport.onerror = (e) => errors.push(e.name);
  await transport.start();
  let text = '';
  stdout.on('data', (d: Buffer) => (text += d.toString()));
  for (const c of chunks) {
    stdin.write(c);
    await new Promise((r) => setImmediate(r));
  }
  if (o.end) stdin.end();
  await new Promise((r) => setTimeout(r, 50));
  await transport.close();
  return { out: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), log, seen, errors };
}

const lines = (...ls: string[]): string => ls.map((l) => `${l}\n`).join('');
const messageOf = (m: Record<string, unknown>): string => String((m.error as { message: string }).message);

describe('askml mcp over stdio: lines it cannot take are answered', () => {
  it('answers a line that is not JSON with -32700 and keeps serving; blank lines are skipped', async () => {
    const r = await serve([lines('not json', '', '   ', '\r', '{"jsonrpc":"2.0","id":7,"method":"ping"}')]);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(messageOf(r.out[0])).toMatch(/^Parse error: the line is not JSON/);
    expect(r.seen).toEqual([{ jsonrpc: '2.0', id: 7, method: 'ping' }]);
    expect(r.errors).toEqual(['SyntaxError']); // the protocol's own handler still hears of it
    expect(r.log[0]).toMatch(/Parse error.*answered with id null/);
  });

  it('answers a line cut short with -32700 (the SDK alone said nothing)', async () => {
    const r = await serve([lines('{"jsonrpc":"2.0","id":1', '{"jsonrpc":"2.0","id":2,"method":"ping"}')]);
    expect(r.out.map((m) => (m.error as { code: number }).code)).toEqual([-32700]);
    expect(r.seen).toHaveLength(1);
  });

  it('answers JSON that is not a JSON-RPC message with -32600 saying what is wrong, with its id when it has one', async () => {
    const r = await serve([
      lines(
        '{"foo":1}',
        '{"jsonrpc":"2.0","id":5,"method":7}',
        '{"jsonrpc":"1.0","id":"a","method":"ping"}',
        '{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}',
        '{"jsonrpc":"2.0","id":6,"method":"tools/list","params":[1]}',
        '42',
      ),
    ]);
    expect(r.out.map((m) => [(m.error as { code: number }).code, m.id])).toEqual([
      [-32600, null],
      [-32600, 5],
      [-32600, 'a'],
      [-32600, null],
      [-32600, 6],
      [-32600, null],
    ]);
    expect(r.out.map(messageOf)).toEqual([
      expect.stringMatching(/"jsonrpc" must be "2\.0" \(got nothing\)/),
      expect.stringMatching(/"method" must be a string/),
      expect.stringMatching(/"jsonrpc" must be "2\.0" \(got "1\.0"\)/),
      expect.stringMatching(/"id" must be a string or an integer/),
      expect.stringMatching(/"params" must be an object \(got an array\)/),
      expect.stringMatching(/is an object; this is a number/),
    ]);
    expect(r.seen).toEqual([]);
  });

  it('never answers a response (its id is the other side\'s), valid or not, and passes valid ones on', async () => {
    const r = await serve([
      lines(
        '{"jsonrpc":"2.0","id":0,"result":null}',
        '{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"x"}}',
        '{"jsonrpc":"2.0","id":1,"error":{"code":"bad"}}',
        '{"jsonrpc":"2.0","id":2,"result":{}}',
        '{"jsonrpc":"2.0","id":1.5,"method":"ping"}',
      ),
    ]);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(messageOf(r.out[0])).toMatch(/"id" must be a string or an integer \(got 1\.5\)/);
    expect(r.seen).toEqual([{ jsonrpc: '2.0', id: 2, result: {} }]);
    expect(r.log.filter((l) => /a response is not answered/.test(l))).toHaveLength(3);
    expect(r.log[0]).toMatch(/"result" must be an object \(got null\)/);
    expect(r.log[2]).toMatch(/"error" must be an object with an integer "code"/);
  });

  it('answers a JSON array (a batch) with -32600 saying to send one message per line', async () => {
    const r = await serve([lines('[{"jsonrpc":"2.0","id":1,"method":"ping"}]')]);
    expect(r.out).toHaveLength(1);
    expect(messageOf(r.out[0])).toMatch(/batch\).*one message per line/);
    expect(r.seen).toEqual([]);
  });

  it('skips a line over the size limit with -32600 and serves the next one', async () => {
    const big = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'x'.repeat(300)}"}}`;
    // The long line arrives in pieces, the limit is passed before its newline.
    const r = await serve([big.slice(0, 150), big.slice(150), lines('', '{"jsonrpc":"2.0","id":2,"method":"ping"}')], { maxLineBytes: 200 });
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(messageOf(r.out[0])).toMatch(/over 200 bytes/);
    expect(r.seen).toEqual([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
    // Over the limit within one chunk, newline included.
    const r2 = await serve([lines(big, '{"jsonrpc":"2.0","id":3,"method":"ping"}')], { maxLineBytes: 200 });
    expect(r2.out).toHaveLength(1);
    expect(r2.seen).toEqual([{ jsonrpc: '2.0', id: 3, method: 'ping' }]);
  });

  it('joins a message split across chunks, also inside a multi-byte character, and reads a last line without a newline', async () => {
    const msg = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"note":"新闻标题"}}\n');
    const cut = msg.indexOf(Buffer.from('闻')) + 1;
    const r = await serve([msg.subarray(0, cut), msg.subarray(cut), '{"jsonrpc":"2.0","id":2,"method":"ping"}'], { end: true });
    expect(r.out).toEqual([]);
    expect(r.seen).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping', params: { note: '新闻标题' } },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
  });

  it('says nothing for a stream error that is not about a line', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const transport = new LineServerTransport(stdin, stdout, { log: () => {} });
    const errors: string[] = [];
    transport.onerror = (e) => errors.push(e.message);
    await transport.start();
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d.toString()));
    stdin.emit('error', new Error('EPIPE'));
    await new Promise((r) => setTimeout(r, 20));
    expect(text).toBe('');
    expect(errors).toEqual(['EPIPE']);
    await transport.close();
  });
});

describe('checkMessages', () => {
  it('takes valid messages and batches only where they are allowed', () => {
    const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
    expect(checkMessages(ping, false)).toEqual({ messages: [ping] });
    expect(checkMessages([ping, { jsonrpc: '2.0', method: 'notifications/initialized' }], true)).toMatchObject({ messages: { length: 2 } });
    expect(checkMessages([ping], false)).toMatchObject({ problem: { code: -32600, id: null } });
    expect(checkMessages({ jsonrpc: '2.0', result: {} }, false)).toMatchObject({ problem: { message: expect.stringMatching(/needs the "id"/) } });
    expect(checkMessages({ jsonrpc: '2.0', id: 4 }, false)).toMatchObject({ problem: { id: 4, message: expect.stringMatching(/needs a "method"/) } });
    expect(checkMessages({ jsonrpc: '2.0', id: 8, method: 'ping', result: {} }, false)).toMatchObject({ problem: { id: 8, message: expect.stringMatching(/has no "result" or "error"/) } });
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
    await mcp.connect(sendReadableErrors(new LineServerTransport(stdin, stdout, { log: () => {} })));
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d.toString()));
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'resources/read', params: {} },
      { jsonrpc: '2.0', id: 3, method: 'logging/setLevel', params: { level: 'loud' } },
      { jsonrpc: '2.0', id: 9, method: 5 },
    ];
    stdin.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    for (let i = 0; i < 100 && text.split('\n').filter(Boolean).length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    await mcp.close();
    const byId = new Map(text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: number; error?: { code: number; message: string } }).map((m) => [m.id, m]));
    expect(byId.get(2)?.error).toEqual({ code: -32602, message: 'Invalid params: params.uri: Invalid input: expected string, received undefined' });
    expect(byId.get(3)?.error?.code).toBe(-32602);
    expect(byId.get(3)?.error?.message).toMatch(/^Invalid params: params\.level: .*"debug"/);
    expect(byId.get(9)?.error).toMatchObject({ code: -32600, message: expect.stringMatching(/"method" must be a string/) });
  });
});
