import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOOLS } from '../../tools/index.js';
import { callTool, toolMap } from './call-tool.js';

describe('callTool with arguments from a model (omittedAsNull)', () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'askml-call-'));
  const ctx = { workspaceDir: ws, resolvePath: (p: string) => path.resolve(ws, p) };
  const tools = toolMap(TOOLS);

  it('prepares them as MCP does: case-mangled choices forgiven, unknown fields named with the valid ones (audit)', async () => {
    // 'Macro-F1' is read as macro_f1: the call gets as far as the (unknown) dataset
    const f1 = await callTool(tools, 'search_model', { dataset_id: 'DS_20260101000000_ABCDEF', target: 'y', metric: 'Macro-F1' }, ctx, { omittedAsNull: true });
    expect(f1.ok).toBe(false);
    expect(f1.content).not.toContain('metric');
    expect(f1.content).toMatch(/ds_20260101000000_abcdef/);
    const extra = await callTool(tools, 'search_model', { dataset_id: 'ds_20260101000000_abcdef', target: 'y', verbose: true }, ctx, { omittedAsNull: true });
    expect(extra.error?.code).toBe('BAD_ARGUMENT');
    expect(extra.content).toContain("'verbose'");
    expect(extra.content).toContain('dataset_id (required), target (required)');
    // a JSON string holding the object, as some models send
    const str = await callTool(tools, 'report', JSON.stringify({ run_id: 'run_20260101000000_abcdef', lang: 'EN' }), ctx, { omittedAsNull: true });
    expect(str.content).not.toMatch(/lang|expected object/);
    expect(str.error?.code).toBe('NOT_FOUND');
  });
});
