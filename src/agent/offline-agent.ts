/**
 * The offline path: no model; the plan implies a fixed tool sequence, run in order. The sequence
 * is data; the caller (tools wiring) supplies the tools and how each step's arguments are built
 * from the plan and the earlier outputs (ids flow from step to step, never rows).
 */
import type { AnyTool, ToolContext } from '../../tools/define-tool.js';
import { AskmlError, throwIfAborted } from '../errors.js';
import { callTool, toolMap } from './call-tool.js';
import type { AgentStep } from './loop.js';
import type { Plan } from './plan.js';

export interface OfflineStepSpec {
  tool: string;
  /** A failure here is recorded and the run goes on (e.g. a model that cannot be exported). */
  optional?: boolean;
  /** Skip the step when this returns false. */
  when?: (plan: Plan) => boolean;
}

export const OFFLINE_SEQUENCE: readonly OfflineStepSpec[] = [
  { tool: 'profile_data' },
  { tool: 'engineer_features' },
  { tool: 'search_model' },
  { tool: 'evaluate' },
  { tool: 'export_model', optional: true },
  { tool: 'report' },
];

/** Earlier outputs by tool name, for building the next step's arguments. */
export type StepOutputs = Readonly<Record<string, unknown>>;

export type ArgsBuilder = (tool: string, input: { plan: Plan; outputs: StepOutputs }) => Record<string, unknown>;

export interface RunOfflineOptions {
  context: ToolContext;
  /** Builds each step's arguments (written next to the tools, in tools/). */
  buildArgs: ArgsBuilder;
  sequence?: readonly OfflineStepSpec[];
  signal?: AbortSignal;
  onStep?: (step: AgentStep) => void;
}

export interface OfflineResult {
  ok: boolean;
  steps: AgentStep[];
  outputs: Record<string, unknown>;
  skipped: { tool: string; reason: string }[];
  /** The error that stopped a required step. */
  error?: { tool: string; code: string; message: string };
}

export async function runOfflineAgent(
  plan: Plan,
  tools: readonly AnyTool[] | ReadonlyMap<string, AnyTool>,
  opts: RunOfflineOptions,
): Promise<OfflineResult> {
  const map = tools instanceof Map ? (tools as ReadonlyMap<string, AnyTool>) : toolMap(tools as readonly AnyTool[]);
  const sequence = opts.sequence ?? OFFLINE_SEQUENCE;
  for (const s of sequence) {
    if (!s.optional && !map.has(s.tool)) {
      throw new AskmlError('INTERNAL', `The offline sequence needs tool '${s.tool}', which was not provided.`, { choices: [...map.keys()] });
    }
  }
  const ctx: ToolContext = { ...opts.context, lang: opts.context.lang ?? plan.lang, signal: opts.signal ?? opts.context.signal };
  const outputs: Record<string, unknown> = {};
  const steps: AgentStep[] = [];
  const skipped: OfflineResult['skipped'] = [];
  for (const s of sequence) {
    throwIfAborted(opts.signal, 'run');
    if (s.when && !s.when(plan)) {
      skipped.push({ tool: s.tool, reason: 'not needed for this plan' });
      continue;
    }
    if (!map.has(s.tool)) {
      skipped.push({ tool: s.tool, reason: 'tool not available' });
      continue;
    }
    const args = opts.buildArgs(s.tool, { plan, outputs });
    const out = await callTool(map, s.tool, args, ctx);
    const step: AgentStep = { turn: steps.length + 1, callId: `offline_${steps.length + 1}`, tool: s.tool, args: out.args, ok: out.ok, output: out.output, error: out.error, ms: out.ms };
    steps.push(step);
    opts.onStep?.(step);
    if (out.ok) outputs[s.tool] = out.output;
    else if (!s.optional) {
      // Keep the AskmlError behind it (non-enumerable, as callTool attaches it) for outcomeError.
      const error = { tool: s.tool, ...out.error! };
      Object.defineProperty(error, 'cause', { value: (out.error as { cause?: unknown }).cause, enumerable: false });
      return { ok: false, steps, outputs, skipped, error };
    }
  }
  return { ok: true, steps, outputs, skipped };
}
