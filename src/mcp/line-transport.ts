/**
 * The stdio transport of `askml mcp`: newline-delimited JSON-RPC on a readable and a writable
 * stream, as MCP's stdio transport specifies, answering every line it cannot take.
 *
 * The SDK's StdioServerTransport reports a bad line to onerror and drops it, so the client that
 * sent it waits for its own timeout; a line over its buffer limit closes the connection. Here:
 *
 * - a blank line (a keep-alive, a stray newline) is skipped;
 * - a line that is not JSON (also one cut short) gets -32700 with id null;
 * - JSON that is not a JSON-RPC 2.0 message gets -32600 saying what is wrong (jsonrpc-check.ts),
 *   with the message's id when it has a usable one, else id null; a JSON array (a batch) gets
 *   -32600 too: MCP over stdio is one message per line; a bad response (no method; a result or
 *   an error) is only logged: JSON-RPC never answers a response;
 * - a line over `maxLineBytes` (default 10 MB, the SDK's limit) gets -32600 and is skipped to its
 *   end; the lines after it are served;
 * - a last line without a newline is read when the input ends.
 *
 * Each answered line is also reported to onerror (the protocol's handler) and to `log` (stderr).
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { checkMessages, type RpcProblem } from './jsonrpc-check.js';

export interface LineTransportOptions {
  /** Longest line taken, in bytes (default 10 MB). */
  maxLineBytes?: number;
  /** Where a line that was answered with an error is told (default: stderr). */
  log?: (line: string) => void;
}

const NEWLINE = 0x0a;

export class LineServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;
  private chunks: Buffer[] = [];
  private pending = 0;
  /** Inside a line over the limit: drop bytes up to the next newline. */
  private skipping = false;
  private started = false;
  private closed = false;
  private readonly maxLineBytes: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    o: LineTransportOptions = {},
  ) {
    this.maxLineBytes = o.maxLineBytes ?? 10 * 1024 * 1024;
    this.log = o.log ?? ((l) => process.stderr.write(`${l}\n`));
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('LineServerTransport already started (connect() starts it).');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onInputError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed || this.output.destroyed) return;
    const text = `${JSON.stringify(message)}\n`;
    if (this.output.write(text)) return;
    // Wait for room, unless the reader went away (then nothing more is written).
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.output.off('drain', done);
        this.output.off('close', done);
        this.output.off('error', done);
        resolve();
      };
      this.output.on('drain', done);
      this.output.on('close', done);
      this.output.on('error', done);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('error', this.onInputError);
    // Pause stdin only when nothing else reads it, so the process can exit.
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.chunks = [];
    this.pending = 0;
    this.onclose?.();
  }

  private readonly onInputError = (e: Error): void => {
    this.onerror?.(e);
  };

  private readonly onData = (chunk: Buffer | string): void => {
    let b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    while (b.length > 0 && !this.closed) {
      const nl = b.indexOf(NEWLINE);
      if (this.skipping) {
        if (nl < 0) return;
        this.skipping = false;
        b = b.subarray(nl + 1);
        continue;
      }
      if (nl < 0) {
        this.chunks.push(b);
        this.pending += b.length;
        if (this.pending > this.maxLineBytes) this.tooLong();
        return;
      }
      if (this.pending + nl > this.maxLineBytes) {
        this.tooLong();
        this.skipping = false;
        b = b.subarray(nl + 1);
        continue;
      }
      this.chunks.push(b.subarray(0, nl));
      const line = Buffer.concat(this.chunks).toString('utf8');
      this.chunks = [];
      this.pending = 0;
      b = b.subarray(nl + 1);
      this.readLine(line);
    }
  };

  private readonly onEnd = (): void => {
    if (this.closed || this.skipping || this.pending === 0) return;
    const line = Buffer.concat(this.chunks).toString('utf8');
    this.chunks = [];
    this.pending = 0;
    this.readLine(line);
  };

  private tooLong(): void {
    this.chunks = [];
    this.pending = 0;
    this.skipping = true;
    this.answer({ code: -32600, id: null, message: `Invalid Request: a line over ${this.maxLineBytes} bytes; it is skipped` }, new Error('line too long'));
  }

  private readLine(raw: string): void {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const err = e instanceof Error ? e : new SyntaxError(String(e));
      this.answer({ code: -32700, id: null, message: `Parse error: the line is not JSON (${err.message})` }, err);
      return;
    }
    const checked = checkMessages(value, false);
    if ('problem' in checked) {
      this.answer(checked.problem, new Error(checked.problem.message));
      return;
    }
    for (const m of checked.messages) this.onmessage?.(m);
  }

  private answer(p: RpcProblem, error: Error): void {
    if (p.response) {
      this.log(`askml mcp: ${p.message}; a response is not answered`);
      this.onerror?.(error);
      return;
    }
    this.log(`askml mcp: ${p.message}; answered with id ${JSON.stringify(p.id)}`);
    this.send({ jsonrpc: '2.0', id: p.id, error: { code: p.code, message: p.message } } as unknown as JSONRPCMessage).catch(() => {});
    this.onerror?.(error);
  }
}
