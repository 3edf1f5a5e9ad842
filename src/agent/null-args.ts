/**
 * Omitted optional arguments. The tools follow OpenAI strict mode (every field present, optional
 * ones nullable), but models and MCP clients often leave an optional field out. Both the agent
 * (call-tool.ts) and the MCP server (src/mcp/args.ts) read a left-out nullable field as null, so
 * a validation error names only the real mistakes, not every omitted optional field.
 */
import type { z } from 'zod';

/** Top-level fields of an object schema that accept null (a caller may omit them). */
export function nullableKeys(schema: z.ZodObject): Set<string> {
  const keys = new Set<string>();
  for (const [k, v] of Object.entries(schema.shape)) if ((v as z.ZodType).safeParse(null).success) keys.add(k);
  return keys;
}

/** Omitted nullable arguments become null: tools follow OpenAI strict mode (all fields required), callers need not. */
export function fillNulls(args: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  const out = { ...args };
  for (const k of keys) if (out[k] === undefined) out[k] = null;
  return out;
}

/** A JSON object (not null, not an array): what a tool's arguments must be. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
