/** Test helper: `askml chat ARGS` from the repo root with `lines` piped to stdin, in the given workspace. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = path.join(root, 'bin/askml');

export function pipeChat(lines: string[], o: { args: string[]; workspace: string; env?: Record<string, string> }): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, ['chat', ...o.args], { cwd: root, env: { ...process.env, ASKML_WORKSPACE: o.workspace, ASKML_MODEL: '', LANG: 'C', ...o.env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}
