/**
 * The PlannerModel seam: the agent loop talks to a model only through this interface, so the
 * vendor SDK stays in one module (openai-model.ts) and tests can script a model.
 */

/** A tool call as the model wrote it: `arguments` is raw JSON text, validated later with zod. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A function the model may call: JSON Schema generated from the tool's zod input schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  /** OpenAI strict mode (closed objects, every property required). */
  strict: boolean;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ModelRequest {
  messages: readonly ChatMessage[];
  tools: readonly ToolSpec[];
  signal?: AbortSignal;
}

export interface ModelResponse {
  /** Final text (when no tool calls) or text said alongside tool calls. */
  content: string | null;
  toolCalls: ToolCall[];
  usage: TokenUsage;
  finishReason: string | null;
}

export interface PlannerModel {
  /** Model id for logs and reports, e.g. "glm-4-plus". */
  readonly name: string;
  chat(request: ModelRequest): Promise<ModelResponse>;
}

export function emptyUsage(): TokenUsage {
  return { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
}

export function addUsage(into: TokenUsage, more: TokenUsage): TokenUsage {
  into.promptTokens += more.promptTokens;
  into.completionTokens += more.completionTokens;
  into.totalTokens += more.totalTokens;
  return into;
}
