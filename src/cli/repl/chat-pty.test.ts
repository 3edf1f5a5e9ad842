/**
 * `askml chat` in a pseudo-terminal (util-linux `script` allocates it): the prompt, the progress
 * bar drawn in place, Ctrl-C during a run cancels it and the prompt returns, Ctrl-C at the prompt
 * clears the line, twice exits, and the history persists to the workspace for the next session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const hasScript = spawnSync('script', ['--version']).status === 0;
let ws = '';

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'askml-chat-pty-'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

interface Pty {
  child: ChildProcessWithoutNullStreams;
  /** Everything the terminal showed so far (stdout and stderr share the pty), cursor escapes removed. */
  text(): string;
  /** The same with the escapes. */
  raw(): string;
  send(keys: string): void;
  /** Wait until `re` matches the output after position `from`; returns the end of the match. */
  waitFor(re: RegExp, from?: number, ms?: number): Promise<number>;
  exit(): Promise<number | null>;
}

function openPty(args: string): Pty {
  const child = spawn('script', ['-qfec', `node bin/askml chat ${args}`, '/dev/null'], {
    cwd: root,
    // TERM not 'dumb': there node's readline turns off history and line editing.
    env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '', LANG: 'C', TERM: 'xterm' },
  });
  let raw = '';
  let out = '';
  child.stdout.on('data', (b) => {
    raw += b;
    out = raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    text: () => out,
    raw: () => raw,
    send: (keys) => child.stdin.write(keys),
    waitFor(re, from = 0, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const tick = setInterval(() => {
          const m = re.exec(out.slice(from));
          if (m) {
            clearInterval(tick);
            resolve(from + m.index + m[0].length);
          } else if (Date.now() - t0 > ms) {
            clearInterval(tick);
            reject(new Error(`timed out waiting for ${re}; terminal so far:\n${out.slice(from)}`));
          }
        }, 25);
      });
    },
    exit: () => exited,
  };
}

describe.skipIf(!hasScript)('askml chat in a terminal', () => {
  it('Ctrl-C during a run cancels it, reports what was found, and the prompt returns', async () => {
    const t = openPty('--data examples/churn.csv');
    try {
      let at = await t.waitFor(/askml> $/);
      expect(t.text()).toContain('askml chat. Type an instruction or a question');
      t.send('predict churned, 60 seconds\r');
      at = await t.waitFor(/best accuracy [\d.]+ after \d+ trials/, at);
      expect(t.raw()).toContain('\r\x1b[2K['); // a bar redrawn in place, not plain lines
      const sentAt = Date.now();
      t.send('\x03');
      at = await t.waitFor(/Cancelled; results so far in [\d.]+ s \(task task_\w+(, run run_\w+)?\)/, at);
      expect(Date.now() - sentAt).toBeLessThan(15_000); // not the 60 s budget
      const run = t.text().slice(0, at);
      expect(run).toContain('Cancel requested: stopping the search');
      expect(run).toMatch(/Leaderboard \(validation accuracy\)/);
      at = await t.waitFor(/askml> $/, at);
      t.send('/status\r');
      at = await t.waitFor(/task task_\w+: cancelled, best \S+/, at);
      await t.waitFor(/askml> $/, at);
      t.send('/quit\r');
      expect(await t.exit()).toBe(0);
    } finally {
      t.child.kill();
    }
  }, 40_000);

  it('Ctrl-C clears a typed line, twice at an empty prompt exits; history is kept for the next session', async () => {
    const a = openPty('');
    try {
      let at = await a.waitFor(/askml> $/);
      a.send('/status\r');
      at = await a.waitFor(/planner: offline[\s\S]*askml> $/, at);
      a.send('some half-typed text');
      at = await a.waitFor(/half-typed text$/, at);
      a.send('\x03');
      at = await a.waitFor(/askml> $/, at);
      expect(a.text().slice(at - 40)).not.toContain('To exit'); // a line was cleared, not an exit warning
      a.send('\x03');
      at = await a.waitFor(/\(To exit, press Ctrl-C again or Ctrl-D, or type \/quit\)\r?\naskml> $/, at);
      a.send('\x03');
      expect(await a.exit()).toBe(0);
    } finally {
      a.child.kill();
    }
    expect(readFileSync(path.join(ws, 'chat_history'), 'utf8')).toContain('/status\n');
    expect(readFileSync(path.join(ws, 'chat_history'), 'utf8')).not.toContain('half-typed');

    const b = openPty('');
    try {
      let at = await b.waitFor(/askml> $/);
      b.send('\x1b[A'); // Up: the last line of the earlier session
      at = await b.waitFor(/askml> \/status$/, at);
      b.send('\r');
      at = await b.waitFor(/planner: offline/, at);
      await b.waitFor(/askml> $/, at);
      b.send('\x04'); // Ctrl-D
      expect(await b.exit()).toBe(0);
    } finally {
      b.child.kill();
    }
  }, 40_000);
});
