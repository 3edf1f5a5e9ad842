/**
 * Checks in front of the Streamable HTTP endpoint:
 * - bind: only a loopback address may be bound without a bearer token;
 * - token: when one is set, every request needs `Authorization: Bearer <token>` (else 401);
 * - Host: on a loopback bind, the Host header must name a loopback host (DNS rebinding: a page
 *   on evil.example whose name resolves to 127.0.0.1 sends `Host: evil.example`);
 * - Origin: a browser request's Origin must be a loopback origin or one given with --allow-origin.
 * Requests without an Origin header (non-browser clients) pass the Origin check.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { AskmlError } from '../errors.js';

export interface GuardOptions {
  /** The bound address. */
  host: string;
  /** Bearer token; required when host is not loopback. */
  token?: string;
  /** Extra allowed origins, e.g. 'https://my-ide.example' (exact match, no trailing slash). */
  allowedOrigins?: readonly string[];
}

export interface Rejection {
  status: 401 | 403;
  message: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::ffff:127.0.0.1';
}

/** Throws BAD_ARGUMENT when a non-loopback bind has no token. */
export function checkBind(o: GuardOptions): void {
  if (!isLoopback(o.host) && !o.token) {
    throw new AskmlError('BAD_ARGUMENT', `Binding the MCP server to '${o.host}' (reachable from other machines) needs a bearer token.`, {
      hint: "Pass '--token SECRET' or set ASKML_MCP_TOKEN, and give clients the header 'Authorization: Bearer SECRET'. Or bind 127.0.0.1 (the default).",
    });
  }
}

/** The host name of a Host header value ('localhost:3000' -> 'localhost', '[::1]:80' -> '::1'). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** null when the request may pass, else the status and message to answer with. */
export function checkRequest(headers: IncomingHttpHeaders, o: GuardOptions): Rejection | null {
  if (o.token && !tokenMatches(headers.authorization, o.token)) {
    return { status: 401, message: 'Missing or wrong bearer token: send the header "Authorization: Bearer <token>" with the token the server was started with.' };
  }
  if (isLoopback(o.host)) {
    const host = headers.host;
    if (!host || !isLoopback(hostName(host))) {
      return { status: 403, message: `Host header '${host ?? ''}' is not a loopback host; this server only answers requests to localhost / 127.0.0.1 (DNS rebinding protection).` };
    }
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let ok = (o.allowedOrigins ?? []).includes(origin.replace(/\/$/, ''));
    if (!ok) {
      try {
        ok = isLoopback(new URL(origin).hostname);
      } catch {
        ok = false;
      }
    }
    if (!ok) return { status: 403, message: `Origin '${origin}' is not allowed. Allowed: localhost / 127.0.0.1 origins${o.allowedOrigins?.length ? `, ${o.allowedOrigins.join(', ')}` : ''} (add one with --allow-origin).` };
  } else if (origin === 'null') {
    return { status: 403, message: "Origin 'null' (a sandboxed or file:// page) is not allowed." };
  }
  return null;
}
