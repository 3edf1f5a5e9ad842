/**
 * What is wrong with a parsed JSON value that should be a JSON-RPC 2.0 message, in words a client
 * developer can act on, and the id to answer with. The SDK's transports check messages against
 * its schema too, but over stdio they drop a bad line unanswered, and over HTTP they answer a
 * well-formed JSON body that is not a message with -32700 "Parse error" and id null.
 *
 * JSON-RPC 2.0 answers an invalid request with -32600; with its id when the id itself could be
 * read (the client is waiting for that id), else with id null.
 */
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface RpcProblem {
  code: -32700 | -32600;
  message: string;
  id: string | number | null;
  /**
   * The message is a response (no method; a result or an error): JSON-RPC never answers one. Its id
   * is in the other side's numbering, so an error with it would land on one of the peer's own
   * requests; two peers answering each other's bad responses would never stop.
   */
  response?: boolean;
}

const isId = (id: unknown): id is string | number => typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** The reason a value is not a JSON-RPC 2.0 message, or null when it is one (the SDK's schema). */
export function invalidReason(value: unknown): string | null {
  const parsed = JSONRPCMessageSchema.safeParse(value);
  if (parsed.success) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `a JSON-RPC message is an object; this is ${kind(value)}`;
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return `"jsonrpc" must be "2.0" (got ${m.jsonrpc === undefined ? 'nothing' : JSON.stringify(m.jsonrpc)})`;
  if ('id' in m && !isId(m.id)) return `"id" must be a string or an integer (got ${typeof m.id === 'number' ? m.id : kind(m.id)})`;
  if ('method' in m) {
    if (typeof m.method !== 'string') return `"method" must be a string (got ${kind(m.method)})`;
    if ('result' in m || 'error' in m) return 'a request or notification ("method") has no "result" or "error"; a response has no "method"';
    if ('params' in m && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params))) {
      return `"params" must be an object (got ${kind(m.params)})`;
    }
  } else if (!('result' in m) && !('error' in m)) {
    return 'it needs a "method" (a request or a notification) or an "id" with a "result" or an "error" (a response)';
  } else if (!('id' in m)) return 'a response needs the "id" of the request it answers';
  else if ('result' in m && (typeof m.result !== 'object' || m.result === null || Array.isArray(m.result))) return `"result" must be an object (got ${kind(m.result)})`;
  else if ('error' in m) {
    const e = m.error as { code?: unknown; message?: unknown } | null;
    if (typeof e !== 'object' || e === null || !Number.isInteger(e.code) || typeof e.message !== 'string') return '"error" must be an object with an integer "code" and a string "message"';
  }
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}` : 'it does not match the JSON-RPC 2.0 message schema';
}

/** The id an error answer to `value` carries: the request's own when it is a string or an integer. */
export function answerId(value: unknown): string | number | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const id = (value as { id?: unknown }).id;
  return isId(id) ? id : null;
}

/** A response (to a request of the other side): no method, and a result or an error. */
function isResponse(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return !('method' in value) && ('result' in value || 'error' in value);
}

/**
 * One parsed JSON body or line: the messages it holds, or the problem to answer. `batches`: a JSON
 * array of messages is accepted (Streamable HTTP takes them; stdio does not, and MCP 2025-06-18
 * dropped batching altogether).
 */
export function checkMessages(value: unknown, batches: boolean): { messages: JSONRPCMessage[] } | { problem: RpcProblem } {
  if (Array.isArray(value)) {
    if (!batches) {
      return { problem: { code: -32600, id: null, message: 'Invalid Request: a JSON array (a JSON-RPC batch) is not taken over stdio; send one message per line' } };
    }
    if (value.length === 0) return { problem: { code: -32600, id: null, message: 'Invalid Request: the batch is an empty array' } };
    for (let i = 0; i < value.length; i++) {
      const why = invalidReason(value[i]);
      if (why) return { problem: { code: -32600, id: null, message: `Invalid Request: batch element ${i} is not a JSON-RPC 2.0 message: ${why}` } };
    }
    return { messages: value as JSONRPCMessage[] };
  }
  const why = invalidReason(value);
  if (!why) return { messages: [value as JSONRPCMessage] };
  if (isResponse(value)) return { problem: { code: -32600, id: null, response: true, message: `Invalid response: not a JSON-RPC 2.0 message: ${why}` } };
  return { problem: { code: -32600, id: answerId(value), message: `Invalid Request: not a JSON-RPC 2.0 message: ${why}` } };
}
