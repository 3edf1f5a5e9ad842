/**
 * Function schemas for the model, generated from each tool's zod input schema (zod 4
 * `z.toJSONSchema`). Strict mode is used when the schema allows it (every object closed and every
 * property required, which `.nullable()` instead of `.optional()` guarantees); otherwise the tool
 * is sent non-strict rather than rejected.
 */
import { z } from 'zod';
import type { AnyTool } from '../../tools/define-tool.js';
import type { ToolSpec } from './model.js';

type Json = Record<string, unknown>;

/** Drop keys providers reject or that only add noise ($schema, safe-integer bounds). */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$schema') continue;
    if ((k === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (k === 'maximum' && v === Number.MAX_SAFE_INTEGER)) continue;
    out[k] = clean(v);
  }
  return out;
}

/** Whether a JSON schema satisfies OpenAI strict mode's object rules. */
export function isStrictCompatible(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(isStrictCompatible);
  if (!node || typeof node !== 'object') return true;
  const n = node as Json;
  if (n.type === 'object' || n.properties) {
    const props = Object.keys((n.properties as Json | undefined) ?? {});
    const req = new Set((n.required as string[] | undefined) ?? []);
    if (n.additionalProperties !== false) return false;
    if (props.some((p) => !req.has(p))) return false;
  }
  return Object.values(n).every(isStrictCompatible);
}

export function toolSpec(tool: AnyTool, opts: { strict?: boolean } = {}): ToolSpec {
  const parameters = clean(z.toJSONSchema(tool.input, { io: 'output', unrepresentable: 'any' })) as Json;
  const strict = (opts.strict ?? true) && isStrictCompatible(parameters);
  return { name: tool.name, description: tool.description, parameters, strict };
}

export function toolSpecs(tools: readonly AnyTool[], opts: { strict?: boolean } = {}): ToolSpec[] {
  return tools.map((t) => toolSpec(t, opts));
}
