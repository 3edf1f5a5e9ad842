/**
 * `--planner llm` needs a configured model and an endpoint that answers: check both before any
 * data is profiled, any plan printed or any task recorded. Without the reachability check an
 * unreachable endpoint showed the offline rules' draft plan (which the LLM starts from) and only
 * then failed, which looked as if planning had worked.
 */
import { AskmlError } from '../errors.js';
import type { LlmConfig } from '../llm/config.js';

/** How long the reachability check waits at most (ASKML_TIMEOUT_MS if that is shorter). */
export const PROBE_TIMEOUT_MS = 10_000;

export async function requireLlmConfig(o: { fetch?: typeof fetch } = {}): Promise<void> {
  const { loadLlmConfig, DEFAULT_BASE_URL } = await import('../llm/config.js');
  const config = loadLlmConfig();
  if (!config) {
    throw new AskmlError('LLM_ERROR', 'The LLM planner was requested but no model is configured (ASKML_MODEL is not set).', {
      hint: `Set ASKML_MODEL, ASKML_API_KEY and ASKML_BASE_URL (default ${DEFAULT_BASE_URL}), or drop --planner llm to use the offline planner.`,
    });
  }
  await checkReachable(config, o.fetch ?? fetch);
}

/**
 * One GET of `<base>/models` without the key: any HTTP answer (200, 401, 404 ...) means a server
 * is there; the model calls report their own HTTP errors. Only a failed connection or no answer
 * within the time limit is an error.
 */
export async function checkReachable(config: Pick<LlmConfig, 'baseURL' | 'model' | 'timeoutMs'>, fetchImpl: typeof fetch = fetch): Promise<void> {
  const ms = Math.max(1, Math.min(config.timeoutMs || PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS));
  const where = `the LLM endpoint ${config.baseURL} (model ${config.model})`;
  const hint = 'Start the server or fix ASKML_BASE_URL, check the network, or drop --planner llm to use the offline planner.';
  try {
    const res = await fetchImpl(`${config.baseURL}/models`, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(ms) });
    await res.body?.cancel().catch(() => {});
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw new AskmlError('LLM_ERROR', `${where.charAt(0).toUpperCase()}${where.slice(1)} did not answer within ${ms} ms; nothing was run.`, { hint });
    }
    const why = err.cause?.message ?? err.cause?.code ?? err.message;
    throw new AskmlError('LLM_ERROR', `Could not connect to ${where} (${why}); nothing was run.`, { hint });
  }
}
