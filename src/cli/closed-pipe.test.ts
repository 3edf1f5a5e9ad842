/**
 * `askml run ... | head -3` (audit): the reader of stdout and stderr goes away early. The run must
 * still finish and save its model, and exit 0 without a stack trace; before, the next write
 * crashed the process in the middle of the search ("Unhandled 'error' event ... EPIPE").
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/askml');

describe('a closed output pipe', () => {
  it('askml run whose stdout and stderr readers leave after the first output still finishes its run', async () => {
    const ws = path.join(mkdtempSync(path.join(tmpdir(), 'askml-pipe-')), 'ws');
    const child = spawn(bin, ['run', 'predict churned', '--data', path.join(root, 'examples/churn.csv'), '--trials', '8', '--workspace', ws], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASKML_MODEL: '' },
    });
    // Close both pipes as soon as anything is written, as `2>&1 | head -1` does.
    const close = () => {
      child.stdout.destroy();
      child.stderr.destroy();
    };
    child.stdout.once('data', close);
    child.stderr.once('data', close);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    const runs = JSON.parse(spawnSync(bin, ['runs', '--workspace', ws, '--json'], { encoding: 'utf8' }).stdout);
    expect(runs.runs).toHaveLength(1);
    expect(runs.runs[0]).toMatchObject({ status: 'completed', trials: 8 });
  }, 60_000);
});
