/**
 * The LLM path of a task: the model plans and calls the tools (src/agent/loop.ts), starting from
 * the rule planner's draft plan and the already-profiled dataset. Afterwards any of the essential
 * steps the model skipped (search, evaluate, report; export when possible) are run with the
 * offline arguments, so every task ends with a model, test metrics and a report.
 */
import { AskmlError } from '../errors.js';
import type { ArgsBuilder } from '../agent/offline-agent.js';
import { callTool } from '../agent/call-tool.js';
import { runAgent, type AgentStep } from '../agent/loop.js';
import type { Plan } from '../agent/plan.js';
import { loadLlmConfig } from '../llm/config.js';
import type { PlannerModel } from '../llm/model.js';
import { openAIModelFromConfig } from '../llm/openai-model.js';
import type { AnyTool, ToolContext } from '../../tools/define-tool.js';

export interface LlmRunOptions {
  model?: PlannerModel;
  tools: AnyTool[];
  map: ReadonlyMap<string, AnyTool>;
  ctx: ToolContext;
  plan: Plan;
  instruction: string;
  datasetId: string;
  dataPath: string;
  buildArgs: ArgsBuilder;
  /** Tool outputs by name; filled in. */
  outputs: Record<string, unknown>;
  onStep: (s: AgentStep) => void;
  signal: AbortSignal;
}

const FINISH: { tool: string; optional: boolean }[] = [
  { tool: 'search_model', optional: false },
  { tool: 'evaluate', optional: false },
  { tool: 'export_model', optional: true },
  { tool: 'report', optional: false },
];

export async function runLlmPlanner(o: LlmRunOptions): Promise<{ finalText: string | null }> {
  let model = o.model;
  if (!model) {
    const config = loadLlmConfig();
    if (!config) {
      throw new AskmlError('LLM_ERROR', "The LLM planner was requested but no model is configured (ASKML_MODEL is not set).", {
        hint: "Set ASKML_MODEL, ASKML_BASE_URL and ASKML_API_KEY, or use the offline planner (--planner offline).",
      });
    }
    model = openAIModelFromConfig(config);
  }
  const facts = [
    `Data file: ${o.dataPath}`,
    `It is already profiled: dataset_id ${o.datasetId} (do not call profile_data again unless you need another file).`,
    'Run search_model, then evaluate, export_model and report on the run_id it returns.',
  ].join('\n');
  const res = await runAgent({
    model,
    tools: o.tools,
    instruction: o.instruction,
    context: o.ctx,
    facts,
    draftPlan: o.plan,
    lang: o.plan.lang,
    signal: o.signal,
    onEvent(e) {
      if (e.type !== 'tool_end') return;
      if (e.step.ok) o.outputs[e.step.tool] = e.step.output;
      // A tune that replaced the model removed the old model's evaluation, ONNX file and report:
      // the finishing steps below make them again for the new model.
      if (e.step.ok && e.step.tool === 'tune' && (e.step.output as { model_updated?: boolean }).model_updated) {
        for (const t of ['evaluate', 'export_model', 'report']) delete o.outputs[t];
      }
      o.onStep(e.step);
    },
  });
  let turn = res.turns;
  for (const s of FINISH) {
    if (o.outputs[s.tool] !== undefined) continue;
    if (s.tool === 'export_model' && res.steps.some((x) => x.tool === 'export_model')) continue; // tried and failed
    const args = o.buildArgs(s.tool, { plan: o.plan, outputs: o.outputs });
    const out = await callTool(o.map, s.tool, args, o.ctx);
    turn++;
    o.onStep({ turn, callId: `finish_${s.tool}`, tool: s.tool, args: out.args, ok: out.ok, output: out.output, error: out.error, ms: out.ms });
    if (out.ok) o.outputs[s.tool] = out.output;
    else if (!s.optional) throw new AskmlError(out.error!.code as never, `${s.tool} failed: ${out.error!.message}`);
  }
  return { finalText: res.finalText };
}
