/**
 * Readable protocol errors. The SDK checks a request's params against its own schema before any
 * askml handler runs (resources/read without a uri, logging/setLevel "loud", prompts/get with a
 * number as name) and answers a failure with -32603 Internal error whose message is zod's issue
 * list as pretty-printed JSON. Such answers go out instead as -32602 Invalid params with one line:
 * each bad field's path and what it should be.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

interface Issue {
  path?: (string | number)[];
  message?: string;
}

function issuesOf(text: string): Issue[] | null {
  if (!text.trimStart().startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v) || v.length === 0) return null;
    if (!v.every((x) => x && typeof x === 'object' && typeof (x as Issue).message === 'string' && Array.isArray((x as Issue).path))) return null;
    return v as Issue[];
  } catch {
    return null;
  }
}

/** The message itself, or, for an internal error that is a schema failure, an Invalid params error. */
export function readableProtocolError(message: JSONRPCMessage): JSONRPCMessage {
  if (!('error' in message) || !message.error || message.error.code !== -32603) return message;
  const issues = issuesOf(String(message.error.message ?? ''));
  if (!issues) return message;
  const parts = issues.map((i) => `${i.path!.length ? i.path!.join('.') : 'the request'}: ${i.message}`);
  return { ...message, error: { ...message.error, code: -32602, message: `Invalid params: ${parts.join('; ')}` } } as JSONRPCMessage;
}

/** Route every answer the transport sends through readableProtocolError (call before connect()). */
export function sendReadableErrors<T extends Transport>(transport: T): T {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(readableProtocolError(message), options);
  return transport;
}
