/** Bind, bearer token, Host and Origin checks of the HTTP endpoint (pure functions). */
import { describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { checkBind, checkRequest, hostName, isLoopback } from './http-guard.js';

describe('http guard', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'app.localhost']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com', 'localhost.evil.com']) expect(isLoopback(h), h).toBe(false);
    expect(hostName('localhost:3333')).toBe('localhost');
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('Example.com')).toBe('example.com');
  });

  it('a non-loopback bind needs a token', () => {
    let err: unknown;
    try {
      checkBind({ host: '0.0.0.0' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('BAD_ARGUMENT');
    expect((err as AskmlError).describe()).toContain('ASKML_MCP_TOKEN');
    expect(() => checkBind({ host: '0.0.0.0', token: 's3cret' })).not.toThrow();
    expect(() => checkBind({ host: '127.0.0.1' })).not.toThrow();
  });

  it('requires the bearer token when one is set', () => {
    const o = { host: '0.0.0.0', token: 's3cret' };
    expect(checkRequest({ host: '10.0.0.2:3333' }, o)?.status).toBe(401);
    expect(checkRequest({ host: '10.0.0.2:3333', authorization: 'Bearer wrong' }, o)?.status).toBe(401);
    expect(checkRequest({ host: '10.0.0.2:3333', authorization: 'Basic s3cret' }, o)?.status).toBe(401);
    expect(checkRequest({ host: '10.0.0.2:3333', authorization: 'Bearer s3cret' }, o)).toBeNull();
  });

  it('rejects non-loopback Host headers on a loopback bind (DNS rebinding)', () => {
    const o = { host: '127.0.0.1' };
    expect(checkRequest({ host: '127.0.0.1:3333' }, o)).toBeNull();
    expect(checkRequest({ host: 'localhost:3333' }, o)).toBeNull();
    const r = checkRequest({ host: 'evil.example:3333' }, o);
    expect(r?.status).toBe(403);
    expect(r?.message).toContain('evil.example');
    expect(checkRequest({}, o)?.status).toBe(403);
  });

  it('allows loopback and listed origins only', () => {
    const o = { host: '127.0.0.1', allowedOrigins: ['https://ide.example'] };
    const h = { host: 'localhost:3333' };
    expect(checkRequest({ ...h, origin: 'http://localhost:5173' }, o)).toBeNull();
    expect(checkRequest({ ...h, origin: 'http://127.0.0.1' }, o)).toBeNull();
    expect(checkRequest({ ...h, origin: 'https://ide.example' }, o)).toBeNull();
    expect(checkRequest({ ...h, origin: 'https://evil.example' }, o)?.status).toBe(403);
    expect(checkRequest({ ...h, origin: 'null' }, o)?.status).toBe(403);
    expect(checkRequest({ ...h, origin: 'not a url' }, o)?.status).toBe(403);
  });
});
