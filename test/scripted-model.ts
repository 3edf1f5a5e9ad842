/**
 * A PlannerModel that replays scripted turns in-process (no HTTP), for tests of code that sits
 * above the model seam (CLI, REPL, evals). Use test/fake-openai-server.ts instead to exercise the
 * real `openai` SDK.
 */
import type { ModelRequest, ModelResponse, PlannerModel } from '../src/llm/model.js';

export interface ScriptedTurn {
  content?: string | null;
  toolCalls?: { name: string; arguments: string | Record<string, unknown> }[];
}

export interface ScriptedModel extends PlannerModel {
  /** Every request the model received, in order (messages are copied). */
  requests: ModelRequest[];
}

export function scriptedModel(turns: ScriptedTurn[] | ((req: ModelRequest, i: number) => ScriptedTurn), name = 'scripted'): ScriptedModel {
  const requests: ModelRequest[] = [];
  return {
    name,
    requests,
    async chat(req: ModelRequest): Promise<ModelResponse> {
      const i = requests.length;
      requests.push({ ...req, messages: [...req.messages] });
      const t = typeof turns === 'function' ? turns(req, i) : turns[i];
      if (!t) throw new Error(`scripted model: no turn ${i + 1} scripted`);
      const toolCalls = (t.toolCalls ?? []).map((c, k) => ({
        id: `call_${i + 1}_${k + 1}`,
        name: c.name,
        arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
      }));
      return { content: t.content ?? null, toolCalls, usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, finishReason: toolCalls.length ? 'tool_calls' : 'stop' };
    },
  };
}
