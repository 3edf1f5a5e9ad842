/**
 * Retry with exponential backoff for model calls: 429, 5xx, timeouts and dropped connections are
 * retried; other failures are not. Deterministic delays (base * 2^attempt, capped, or the server's
 * Retry-After when shorter than the cap); `sleep` is injectable so tests run fast.
 */
import { cancelled } from '../errors.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait, e.g. to log "rate limited, retrying in 2s". */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface RetryVerdict {
  retry: boolean;
  reason: string;
  /** Server-suggested wait (Retry-After), in ms. */
  afterMs?: number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled('model call'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled('model call'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function backoffDelay(attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, afterMs?: number): number {
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt);
  return afterMs !== undefined && afterMs >= 0 ? Math.min(opts.maxDelayMs, Math.max(afterMs, 0)) : exp;
}

/** Run `fn` (given the attempt number, 0-based) until it succeeds, fails for good, or retries run out. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  classify: (e: unknown) => RetryVerdict,
  opts: RetryOptions,
  signal?: AbortSignal,
): Promise<T> {
  const wait = opts.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (signal?.aborted) throw cancelled('model call');
      const v = classify(e);
      if (!v.retry || attempt >= opts.maxRetries) throw e;
      const delayMs = backoffDelay(attempt, opts, v.afterMs);
      opts.onRetry?.({ attempt: attempt + 1, delayMs, reason: v.reason });
      await wait(delayMs, signal);
    }
  }
}
