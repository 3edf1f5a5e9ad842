/**
 * The chat loop over node:readline. Interactive (stdin and stdout are terminals): a prompt, line
 * editing and history (persisted to <workspace>/chat_history), Ctrl-C cancels a running task and
 * keeps the chat, Ctrl-C twice at an idle prompt or Ctrl-D exits. Piped: reads lines and runs them
 * in order, no prompt, and exits at end of input with 0 when every line succeeded, 2 when a line
 * failed on bad input, 1 when one hit a bug in askml (the chat goes on after a failed line either way).
 */
import readline from 'node:readline';
import { isAskmlError } from '../../errors.js';
import { cliWording } from '../cli-errors.js';
import { zhErrorLine } from '../render/error-zh.js';
import { columnInfos } from '../../data/profile.js';
import { answerQuestion, exampleInstruction } from './answer.js';
import { appendHistory, HISTORY_SIZE, historyFile, loadHistory } from './history.js';
import { classifyInput } from './intent.js';
import { detectLang, type Lang } from './lang.js';
import { ChatSession, type ChatOptions } from './session.js';
import { findSlashCommand, type SlashOutcome } from './slash-commands.js';
import { existsSync, statSync } from 'node:fs';

export interface ReplOptions extends ChatOptions {
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Force interactive or piped behaviour (default: stdin and stdout are both terminals). */
  interactive?: boolean;
}

export const PROMPT = 'askml> ';

/** Run the chat until /quit, Ctrl-D or end of input; returns the exit code. */
export async function startRepl(o: ReplOptions = {}): Promise<number> {
  const input = o.input ?? process.stdin;
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  const tty = o.interactive ?? Boolean(input.isTTY && (out as NodeJS.WriteStream).isTTY);
  const session = new ChatSession({ ...o, out, err });
  if (/^zh/i.test(process.env.LANG ?? '')) session.lang = 'zh';
  const histFile = historyFile(session.workspaceDir);
  const rl = readline.createInterface({
    input,
    output: tty ? out : undefined,
    terminal: tty,
    prompt: PROMPT,
    history: tty ? loadHistory(histFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  const lines = rl[Symbol.asyncIterator](); // created now so no line is lost while the data loads
  let closed = false;
  rl.on('close', () => (closed = true));
  let failures = 0;
  let internal = false;
  let interrupted = false;
  let exitArmed = false;
  const prompt = () => {
    if (tty && !closed) rl.prompt();
  };

  // Ctrl-C as a key (interactive, raw mode).
  rl.on('SIGINT', () => {
    const level = session.cancel();
    if (level) {
      if (level === 'soft') err.write(`\n${session.t('(Ctrl-C again stops at once)', '（再按 Ctrl-C 立即停止）')}\n`);
      return;
    }
    if (rl.line.length > 0) {
      // Interface#clearLine (what node's own REPL uses): moves to a new line and empties the buffer.
      const clearable = rl as unknown as { clearLine?: () => void; line: string; cursor: number };
      if (typeof clearable.clearLine === 'function') clearable.clearLine();
      else {
        out.write('\n');
        clearable.line = '';
        clearable.cursor = 0;
      }
      exitArmed = false;
      prompt();
      return;
    }
    if (exitArmed) {
      out.write('\n');
      rl.close();
      return;
    }
    exitArmed = true;
    out.write(`\n${session.t('(To exit, press Ctrl-C again or Ctrl-D, or type /quit)', '（再按一次 Ctrl-C 或按 Ctrl-D 退出，也可输入 /quit）')}\n`);
    prompt();
  });
  // Ctrl-C as a signal (piped input, or kill -INT).
  const onSignal = () => {
    const level = session.cancel();
    if (level) {
      if (level === 'soft') err.write(`${session.t('(SIGINT again stops at once)', '（再次发送 SIGINT 立即停止）')}\n`);
      return;
    }
    interrupted = true;
    rl.close();
  };
  process.on('SIGINT', onSignal);

  try {
    if (tty) out.write(`${session.t('askml chat. Type an instruction or a question; /help lists commands, /quit leaves.', 'askml 对话。输入指令或问题；/help 查看命令，/quit 退出。')}\n`);
    if (session.data) {
      const file = session.data;
      session.data = null;
      await guarded(() => findSlashCommand('data').run(session, file));
    }
    prompt();
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      exitArmed = false;
      const line = next.value.trim();
      if (line) {
        if (tty) appendHistory(histFile, line);
        const outcome = await guarded(() => handleLine(session, line));
        if (outcome === 'quit') break;
      }
      prompt();
    }
  } finally {
    process.off('SIGINT', onSignal);
    if (!closed) rl.close();
    if (tty) out.write('\n');
  }
  if (interrupted) return 130;
  if (tty) return 0;
  return internal ? 1 : failures > 0 ? 2 : 0;

  async function guarded(f: () => Promise<SlashOutcome>): Promise<SlashOutcome> {
    try {
      return await f();
    } catch (e) {
      if (isAskmlError(e) && e.code === 'CANCELLED') {
        err.write(`${session.t('Cancelled.', '已取消。')}\n`);
        return;
      }
      failures++;
      if (isAskmlError(e)) err.write(session.lang === 'zh' ? `${zhErrorLine(cliWording(e, 'chat'))}\n` : `error: ${cliWording(e, 'chat').describe()}\n`);
      else {
        internal = true;
        const msg = e instanceof Error ? e.message : String(e);
        err.write(`error: internal error (a bug in askml): ${msg}. Set ASKML_DEBUG=1 for the stack trace.\n`);
        if (process.env.ASKML_DEBUG && e instanceof Error) err.write(`${e.stack ?? ''}\n`);
      }
    }
  }
}

const DATA_PATH_RE = /(?:^|\s)(["']?)([^\s"']+\.(?:csv|tsv|txt|jsonl?|parquet))\1(?=\s|$|[,，。;；])/i;

/**
 * A data file named inside free text ("predict churned in examples/churn.csv"); `exists` says
 * whether it is there, so a mistyped path can be named in the error rather than ignored.
 */
export function dataPathIn(text: string): { file: string; rest: string; exists: boolean } | null {
  const m = DATA_PATH_RE.exec(text);
  if (!m) return null;
  const file = m[2];
  const exists = existsSync(file) && statSync(file).isFile();
  // The words that only pointed at the file go with it: "predict price in data.csv, 3 seconds" is
  // "predict price, 3 seconds" (not "predict price in , 3 seconds", which a follow-up would repeat).
  const before = text.slice(0, m.index).replace(/\s*(?:\b(?:in|from|on|of|using|with|for)|(?:在|用|使用|基于|根据|对|从))\s*$/i, '');
  const after = text.slice(m.index + m[0].length).replace(/^\s*(?:(?:中|里|上|里面|的数据|数据)(?=[\s,，。;；]|$))?/, '');
  const rest = `${before} ${after}`.replace(/\s+([,，。;；])/g, '$1').replace(/^[\s,，。;；]+/, '').replace(/\s{2,}/g, ' ').trim();
  return { file, rest, exists };
}

/** One line of input: a slash command or free text (question, instruction, refinement). */
export async function handleLine(session: ChatSession, line: string): Promise<SlashOutcome> {
  if (line.startsWith('/')) {
    const name = line.slice(1).split(/\s+/)[0];
    const arg = line.slice(1 + name.length).trim();
    return findSlashCommand(name || 'help').run(session, arg);
  }
  const lang: Lang = detectLang(line);
  session.lang = lang;
  let text = line;
  const named = dataPathIn(text);
  if (named) {
    // A missing file fails here with its name (as /data does), not later as "no data file yet".
    await findSlashCommand('data').run(session, named.file);
    text = named.rest;
    if (!text) return;
  }
  const columns = session.data ? columnInfos((await session.profile()).profile) : null;
  const intent = classifyInput(text, { columns, lastInstruction: session.lastInstruction });
  if (intent.kind === 'question') {
    const p = session.profiled;
    session.say(answerQuestion(intent, { profile: p?.profile ?? null, file: p ? p.path.split(/[\\/]/).pop()! : null, result: session.last, evaluation: session.lastEvaluation }));
    return;
  }
  if (intent.kind === 'command') return findSlashCommand(intent.command).run(session, '');
  if (intent.kind === 'unknown') {
    const example = exampleInstruction(lang, session.profiled?.profile ?? null);
    session.say(session.t(
      `I read that neither as an instruction nor as a question about the data. Try "${example}", "what columns are there?" or /help.`,
      `这句话既不像指令也不像关于数据的问题。可以试试“${example}”、“有哪些列?”或 /help。`,
    ));
    return;
  }
  if (intent.kind === 'refinement') session.say(session.t(`Refined instruction: ${intent.instruction}`, `修改后的指令：${intent.instruction}`));
  await session.run(intent.instruction);
}
