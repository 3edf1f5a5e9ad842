/**
 * LLM settings from the environment. No ASKML_MODEL means no LLM: the offline rule planner runs.
 *
 *   ASKML_BASE_URL    OpenAI-compatible endpoint (default https://api.openai.com/v1)
 *   ASKML_API_KEY     API key (may be empty for local servers: Ollama, vLLM on localhost)
 *   ASKML_MODEL       model id, e.g. glm-4-plus, deepseek-chat, qwen-plus, qwen2.5:7b
 *   ASKML_TIMEOUT_MS  per-request timeout (default 60000)
 *   ASKML_MAX_STEPS   planner loop step limit (default 12)
 *   ASKML_MAX_RETRIES retries on 429/5xx/timeouts (default 3)
 */
import { AskmlError } from '../errors.js';

export interface LlmConfig {
  baseURL: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxSteps: number;
  maxRetries: number;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_STEPS = 12;
export const DEFAULT_MAX_RETRIES = 3;

function positiveInt(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new AskmlError('BAD_ARGUMENT', `${key}='${raw}' is not a whole number.`, { hint: `Set ${key} to e.g. ${fallback}.` });
  }
  return n;
}

const isLocal = (url: string) => /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(:|\/|$)/i.test(url);

/** The LLM configuration, or null when ASKML_MODEL is not set (use the offline planner). */
export function loadLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const model = env.ASKML_MODEL?.trim();
  if (!model) return null;
  const baseURL = (env.ASKML_BASE_URL?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
  let apiKey = env.ASKML_API_KEY?.trim() ?? '';
  if (!apiKey) {
    if (!isLocal(baseURL)) {
      throw new AskmlError('LLM_ERROR', `ASKML_MODEL is set to '${model}' but ASKML_API_KEY is empty for ${baseURL}.`, {
        hint: `Set ASKML_API_KEY, or ASKML_BASE_URL for another provider (default ${DEFAULT_BASE_URL}), or drop --planner llm to use the offline planner.`,
      });
    }
    apiKey = 'local'; // Ollama and vLLM accept any key
  }
  return {
    baseURL,
    apiKey,
    model,
    timeoutMs: positiveInt(env, 'ASKML_TIMEOUT_MS', DEFAULT_TIMEOUT_MS),
    maxSteps: positiveInt(env, 'ASKML_MAX_STEPS', DEFAULT_MAX_STEPS),
    maxRetries: positiveInt(env, 'ASKML_MAX_RETRIES', DEFAULT_MAX_RETRIES),
  };
}
