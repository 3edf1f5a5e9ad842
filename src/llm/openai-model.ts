/**
 * PlannerModel over any OpenAI-compatible Chat Completions endpoint (OpenAI, Zhipu GLM, DeepSeek,
 * Qwen/DashScope, Ollama, vLLM). The ONLY module that imports `openai`. Native tool calling with
 * function schemas from zod; our own retry loop (the SDK's is off) so backoff is observable and
 * testable; every failure that survives retries becomes AskmlError LLM_ERROR.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { AskmlError, cancelled } from '../errors.js';
import type { LlmConfig } from './config.js';
import { addUsage, emptyUsage, type ChatMessage, type ModelRequest, type ModelResponse, type PlannerModel, type TokenUsage, type ToolCall } from './model.js';
import { loadLlmConfig } from './config.js';
import { withRetry, type RetryOptions, type RetryVerdict } from './retry.js';

export interface OpenAIModelOptions {
  baseURL: string;
  apiKey: string;
  model: string;
  /** Per-request timeout in ms (default 60000). */
  timeoutMs?: number;
  /** Retries on 429, 5xx, timeouts and connection errors (default 3). */
  maxRetries?: number;
  /** First backoff delay (default 1000 ms); doubles each retry up to `maxDelayMs` (default 20000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected wait, for tests. */
  sleep?: RetryOptions['sleep'];
  onRetry?: RetryOptions['onRetry'];
  /** Sampling temperature (default 0: plans should be repeatable). */
  temperature?: number;
  /** Send `parallel_tool_calls: false` (default true: the loop runs calls one by one anyway). */
  sequentialToolCalls?: boolean;
}

function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'system':
      case 'user':
        return { role: m.role, content: m.content };
      case 'assistant':
        return m.toolCalls.length > 0
          ? {
              role: 'assistant',
              content: m.content,
              tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
            }
          : { role: 'assistant', content: m.content ?? '' };
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    }
  });
}

function headerMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const s = headers.get('retry-after');
  if (s && /^\d+(\.\d+)?$/.test(s.trim())) return Number(s) * 1000;
  return undefined;
}

export function classifyOpenAIError(e: unknown): RetryVerdict {
  if (e instanceof OpenAI.APIUserAbortError) return { retry: false, reason: 'aborted' };
  if (e instanceof OpenAI.APIConnectionTimeoutError) return { retry: true, reason: 'timeout' };
  if (e instanceof OpenAI.APIConnectionError) return { retry: true, reason: 'connection error' };
  if (e instanceof OpenAI.APIError) {
    const status = e.status ?? 0;
    const afterMs = headerMs(e.headers as Headers | undefined);
    if (status === 429) return { retry: true, reason: 'rate limited (429)', afterMs };
    if (status >= 500 || status === 408 || status === 409) return { retry: true, reason: `server error (${status})`, afterMs };
    return { retry: false, reason: `HTTP ${status}` };
  }
  return { retry: false, reason: 'unexpected error' };
}

function toAskmlError(e: unknown, opts: OpenAIModelOptions): AskmlError {
  if (e instanceof AskmlError) return e;
  const where = `the LLM endpoint ${opts.baseURL} (model ${opts.model})`;
  if (e instanceof OpenAI.APIConnectionTimeoutError) {
    return new AskmlError('LLM_ERROR', `The LLM endpoint ${opts.baseURL} (model ${opts.model}) did not answer within ${opts.timeoutMs ?? 60000} ms (after retries).`, {
      hint: 'Raise ASKML_TIMEOUT_MS, check ASKML_BASE_URL, or drop --planner llm to use the offline planner (askml does not switch to it by itself).',
    });
  }
  if (e instanceof OpenAI.APIConnectionError) {
    return new AskmlError('LLM_ERROR', `Could not connect to ${where}: ${e.message}`, { hint: 'Check ASKML_BASE_URL and the network, or drop --planner llm to use the offline planner (askml does not switch to it by itself).' });
  }
  if (e instanceof OpenAI.APIError) {
    const status = e.status;
    const hint =
      status === 401 || status === 403
        ? 'Check ASKML_API_KEY.'
        : status === 404
          ? 'Check ASKML_BASE_URL (it usually ends in /v1) and ASKML_MODEL.'
          : status === 429
            ? 'Rate limited: wait, or lower the request rate.'
            : status !== undefined && status >= 500
              ? 'The endpoint failed on its side (after retries): try again later, check ASKML_BASE_URL, or drop --planner llm to use the offline planner (askml does not switch to it by itself).'
              : 'Check ASKML_BASE_URL, ASKML_MODEL and ASKML_API_KEY, or drop --planner llm to use the offline planner.';
    return new AskmlError('LLM_ERROR', `The LLM endpoint ${opts.baseURL} (model ${opts.model}) returned HTTP ${status}: ${e.message.replace(/\.?$/, ".")}`, { hint, status });
  }
  // Not an API error: e.g. an HTML page or other text where JSON was expected (a wrong base URL).
  return new AskmlError('LLM_ERROR', `The model call to ${where} failed: ${e instanceof Error ? e.message : String(e)}`, {
    hint: 'Check ASKML_BASE_URL: it should be an OpenAI-compatible API root (usually ending in /v1), not a web page; or drop --planner llm to use the offline planner.',
  });
}

/** The model; `usage` accumulates tokens over every successful call. */
export function createOpenAIModel(opts: OpenAIModelOptions): PlannerModel & { readonly usage: TokenUsage } {
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey,
    timeout: opts.timeoutMs ?? 60_000,
    maxRetries: 0, // retries are ours (withRetry), so they are observable and testable
  });
  const retry: RetryOptions = {
    maxRetries: opts.maxRetries ?? 3,
    baseDelayMs: opts.baseDelayMs ?? 1000,
    maxDelayMs: opts.maxDelayMs ?? 20_000,
    sleep: opts.sleep,
    onRetry: opts.onRetry,
  };
  const total = emptyUsage();
  return {
    name: opts.model,
    usage: total,
    async chat(req: ModelRequest): Promise<ModelResponse> {
      const tools: ChatCompletionTool[] = req.tools.map((t) => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: t.parameters, strict: t.strict },
      }));
      try {
        const res = await withRetry(
          () =>
            client.chat.completions.create(
              {
                model: opts.model,
                messages: toOpenAIMessages(req.messages),
                temperature: opts.temperature ?? 0,
                ...(tools.length > 0 ? { tools, tool_choice: 'auto' as const } : {}),
                ...(tools.length > 0 && opts.sequentialToolCalls ? { parallel_tool_calls: false } : {}),
              },
              { signal: req.signal },
            ),
          classifyOpenAIError,
          retry,
          req.signal,
        );
        const choice = res.choices?.[0];
        if (!choice) throw new AskmlError('LLM_ERROR', `The model ${opts.model} returned no choices.`);
        const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).flatMap((c, i) =>
          c.type === 'function' ? [{ id: c.id || `call_${i}`, name: c.function.name, arguments: c.function.arguments ?? '' }] : [],
        );
        const u = res.usage;
        const usage: TokenUsage = {
          promptTokens: u?.prompt_tokens ?? 0,
          completionTokens: u?.completion_tokens ?? 0,
          totalTokens: u?.total_tokens ?? (u?.prompt_tokens ?? 0) + (u?.completion_tokens ?? 0),
        };
        addUsage(total, usage);
        return { content: choice.message.content ?? null, toolCalls, usage, finishReason: choice.finish_reason ?? null };
      } catch (e) {
        if (req.signal?.aborted || e instanceof OpenAI.APIUserAbortError) throw cancelled('model call');
        throw toAskmlError(e, opts);
      }
    },
  };
}

/** A model from LlmConfig (see config.ts for the environment variables). */
export function openAIModelFromConfig(config: LlmConfig, extra: Partial<OpenAIModelOptions> = {}): PlannerModel & { readonly usage: TokenUsage } {
  return createOpenAIModel({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    model: config.model,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...extra,
  });
}

/** The model configured by ASKML_* environment variables, or null (plan offline). */
export function modelFromEnv(env: NodeJS.ProcessEnv = process.env, extra: Partial<OpenAIModelOptions> = {}): (PlannerModel & { readonly usage: TokenUsage }) | null {
  const config = loadLlmConfig(env);
  return config ? openAIModelFromConfig(config, extra) : null;
}
