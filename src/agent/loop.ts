/**
 * The planner loop: the model proposes tool calls, each is validated with zod and run, the result
 * goes back to the model, until it answers in text or the step limit ends the run. The model only
 * ever chooses registered tools and their arguments; it never writes code that is executed.
 */
import type { AnyTool, ToolContext } from '../../tools/define-tool.js';
import { throwIfAborted } from '../errors.js';
import { detectLang } from '../llm/instruction-parse.js';
import { addUsage, emptyUsage, type ChatMessage, type PlannerModel, type TokenUsage } from '../llm/model.js';
import { toolSpecs } from '../llm/tool-schema.js';
import { DEFAULT_MAX_STEPS } from '../llm/config.js';
import { callTool, toolMap, type CallGuard } from './call-tool.js';
import type { Plan } from './plan.js';
import { loadSystemPrompt } from './prompts.js';

export interface AgentStep {
  /** Model turn (1-based) that asked for this call. */
  turn: number;
  callId: string;
  tool: string;
  args: unknown;
  ok: boolean;
  output?: unknown;
  error?: { code: string; message: string };
  ms: number;
  /** What a guard changed in the model's arguments (e.g. a budget capped to the task's). */
  notes?: string[];
}

/**
 * The error objects of calls a model made (runAgent's steps), so a renderer can show them as the
 * model saw them (tool names, not CLI commands). Held by identity: a step's error object travels
 * unchanged through the task's step_end event in the same process; one read back from disk is
 * not in the set.
 */
const modelCallErrors = new WeakSet<object>();

/** Whether `error` is the error of a tool call a model made in runAgent. */
export function isModelCallError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && modelCallErrors.has(error);
}

export type AgentEvent =
  | { type: 'model_call'; turn: number }
  | { type: 'tool_start'; turn: number; tool: string; args: unknown }
  | { type: 'tool_end'; step: AgentStep }
  | { type: 'final'; text: string };

export interface RunAgentOptions {
  model: PlannerModel;
  tools: readonly AnyTool[];
  instruction: string;
  context: ToolContext;
  /** Extra facts for the first user message, e.g. the data path or dataset id. */
  facts?: string;
  /** A rule-based draft plan (offlinePlan) the model may follow or correct. */
  draftPlan?: Plan;
  /** Defaults to the language of the instruction. */
  lang?: 'zh' | 'en';
  /** Overrides prompts/system.<lang>.md. */
  systemPrompt?: string;
  /** Model turns before the loop stops (default ASKML_MAX_STEPS or 12). */
  maxSteps?: number;
  /** Checks, adjusts or refuses each of the model's valid calls before it runs (e.g. budget-guard.ts). */
  guard?: CallGuard;
  signal?: AbortSignal;
  onEvent?: (e: AgentEvent) => void;
}

export interface AgentResult {
  /** The model's final answer, or null when the step limit ended the run. */
  finalText: string | null;
  stopReason: 'final' | 'max_steps';
  /** Present when the run did not end with a final answer. */
  note?: string;
  steps: AgentStep[];
  turns: number;
  usage: TokenUsage;
  messages: ChatMessage[];
}

function firstUserMessage(opts: RunAgentOptions): string {
  const parts = [opts.instruction.trim()];
  if (opts.facts) parts.push(opts.facts.trim());
  if (opts.draftPlan) parts.push(`Draft plan from the rule planner (correct it if the instruction says otherwise):\n${JSON.stringify(opts.draftPlan)}`);
  return parts.join('\n\n');
}

function maxStepsFromEnv(): number {
  const n = Number(process.env.ASKML_MAX_STEPS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_STEPS;
}

export async function runAgent(opts: RunAgentOptions): Promise<AgentResult> {
  const lang = opts.lang ?? detectLang(opts.instruction);
  const maxSteps = opts.maxSteps ?? maxStepsFromEnv();
  const tools = toolMap(opts.tools);
  const specs = toolSpecs(opts.tools);
  const system = opts.systemPrompt ?? loadSystemPrompt(lang, { tools: opts.tools.map((t) => t.name).join(', '), max_steps: maxSteps });
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: firstUserMessage(opts) },
  ];
  const usage = emptyUsage();
  const steps: AgentStep[] = [];
  const ctx: ToolContext = { ...opts.context, lang: opts.context.lang ?? lang, signal: opts.signal ?? opts.context.signal };
  const emit = opts.onEvent ?? (() => {});

  for (let turn = 1; turn <= maxSteps; turn++) {
    throwIfAborted(opts.signal, 'agent run');
    emit({ type: 'model_call', turn });
    const res = await opts.model.chat({ messages, tools: specs, signal: opts.signal });
    addUsage(usage, res.usage);
    messages.push({ role: 'assistant', content: res.content, toolCalls: res.toolCalls });
    if (res.toolCalls.length === 0) {
      const text = res.content ?? '';
      emit({ type: 'final', text });
      return { finalText: text, stopReason: 'final', steps, turns: turn, usage, messages };
    }
    for (const call of res.toolCalls) {
      throwIfAborted(opts.signal, 'agent run');
      emit({ type: 'tool_start', turn, tool: call.name, args: call.arguments });
      const out = await callTool(tools, call.name, call.arguments, ctx, { omittedAsNull: true, guard: opts.guard });
      if (out.error) modelCallErrors.add(out.error);
      const step: AgentStep = { turn, callId: call.id, tool: call.name, args: out.args, ok: out.ok, output: out.output, error: out.error, ms: out.ms, ...(out.notes ? { notes: out.notes } : {}) };
      steps.push(step);
      emit({ type: 'tool_end', step });
      messages.push({ role: 'tool', toolCallId: call.id, content: out.content });
    }
  }
  const note =
    lang === 'zh'
      ? `已达到步数上限（${maxSteps} 轮）：模型一直在调用工具而没有给出最终回答，运行已停止。已完成的工具结果仍然保留。`
      : `Stopped at the step limit (${maxSteps} model turns): the model kept calling tools without giving a final answer. Results of the tools that ran are kept.`;
  return { finalText: null, stopReason: 'max_steps', note, steps, turns: maxSteps, usage, messages };
}
