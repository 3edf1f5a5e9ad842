/**
 * The chat's slash commands as data: name, aliases, argument, bilingual summary and run. /help and
 * the "did you mean" suggestion for an unknown command are built from this table.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { AskmlError, unknownName } from '../../errors.js';
import { listTasks } from '../../task/tasks.js';
import { cliContext, runTool } from '../run-tool.js';
import { renderProfile } from '../render/profile.js';
import { renderLeaderboard, renderLearners, renderPlan } from '../render/run.js';
import { formatNum, renderTable } from '../render/table.js';
import type { ChatSession } from './session.js';
import { exampleInstruction } from './answer.js';

/** Task statuses in the chat's /status after a Chinese message. */
const STATUS_ZH: Record<string, string> = { running: '运行中', succeeded: '已完成', failed: '失败', cancelled: '已取消', queued: '排队中' };

/** What the REPL does after a command: go on, or end the chat. */
export type SlashOutcome = void | 'quit';

export interface SlashCommand {
  name: string;
  aliases: string[];
  /** Argument shown in /help, e.g. 'FILE'. */
  args?: string;
  summary: string;
  summaryZh: string;
  run(s: ChatSession, arg: string): Promise<SlashOutcome>;
}

function needInstruction(s: ChatSession, arg: string): string {
  const text = arg.trim() || s.lastInstruction;
  if (!text) {
    throw new AskmlError('BAD_ARGUMENT', s.t('No instruction yet.', '还没有指令。'), {
      hint: s.t(`Type one first, e.g. "${exampleInstruction('en', s.profiled?.profile ?? null)}", or give it after the command.`, `请先输入指令，例如“${exampleInstruction('zh', s.profiled?.profile ?? null)}”，或直接写在命令后面。`),
    });
  }
  return text;
}

function needResult(s: ChatSession) {
  if (!s.last) {
    throw new AskmlError('NOT_FOUND', s.t('No finished run in this chat yet.', '本次对话还没有完成的运行。'), {
      hint: s.t('Give an instruction or type /run first.', '请先下指令或输入 /run。'),
    });
  }
  return s.last;
}

export const SLASH_COMMANDS: SlashCommand[] = [
  {
    name: 'data',
    aliases: ['load', 'open'],
    args: 'FILE',
    summary: 'Use FILE as the data (CSV, TSV, JSON, JSONL, Parquet); no FILE: show the current one.',
    summaryZh: '使用 FILE 作为数据（CSV、TSV、JSON、JSONL、Parquet）；不给 FILE 则显示当前数据。',
    async run(s, arg) {
      if (!arg.trim()) {
        s.say(s.data ? s.t(`Data: ${s.data}`, `数据：${s.data}`) : s.t('No data file yet. Use /data FILE.', '还没有数据文件。用 /data 文件路径 加载。'));
        return;
      }
      const p = await s.setData(arg.trim());
      const t = p.profile.target;
      s.say(s.t(
        `Loaded ${path.basename(p.path)}: ${p.rows} rows x ${p.cols} columns${t ? `; target guess '${t.name}' (${t.task})` : ''}.`,
        `已加载 ${path.basename(p.path)}：${p.rows} 行 x ${p.cols} 列${t ? `；推断目标列 '${t.name}'（${t.task}）` : ''}。`,
      ));
    },
  },
  {
    name: 'profile',
    aliases: ['columns'],
    summary: 'Profile the data: columns, types, roles, missing values, target, warnings.',
    summaryZh: '数据概况：列、类型、角色、缺失值、目标列、警告。',
    async run(s) {
      const p = await s.profile();
      s.say(chatProfileText(renderProfile(p.profile, null, path.basename(p.path), s.lang === 'zh' ? 'zh' : 'en')));
    },
  },
  {
    name: 'plan',
    aliases: [],
    args: '[INSTRUCTION]',
    summary: 'Show the plan the next run would use for the last (or the given) instruction.',
    summaryZh: '显示下一次运行将用的计划（针对上一条或给出的指令）。',
    async run(s, arg) {
      const text = needInstruction(s, arg);
      if (arg.trim()) s.lastInstruction = text;
      s.say(`${s.t('Instruction', '指令')}: ${text}`);
      s.say(renderPlan(await s.plan(text), { trials: s.trialsFor(text), lang: s.lang }));
      if (s.planner === 'llm') s.say(s.t('(The LLM planner starts from this plan and may change the tool calls.)', '（LLM 规划器以此计划为起点，可能调整工具调用。）'));
    },
  },
  {
    name: 'run',
    aliases: ['go'],
    args: '[INSTRUCTION]',
    summary: 'Run the last instruction, or the given one, on the current data.',
    summaryZh: '在当前数据上运行上一条指令或给出的指令。',
    async run(s, arg) {
      await s.run(needInstruction(s, arg));
    },
  },
  {
    name: 'status',
    aliases: ['st'],
    summary: 'The running task (tool, progress) or the last one, and the session settings.',
    summaryZh: '正在运行（或上一个）任务的状态，以及当前会话设置。',
    async run(s) {
      const lines = [
        `${s.t('data', '数据')}: ${s.data ?? s.t('(none)', '（无）')}`,
        `${s.t('workspace', '工作区')}: ${s.workspaceDir}`,
        `${s.t('planner', '规划器')}: ${s.planner}`,
        `${s.t('instruction', '指令')}: ${s.lastInstruction ?? s.t('(none)', '（无）')}`,
      ];
      const r = s.running;
      if (r) {
        const secs = ((Date.now() - r.startedAt) / 1000).toFixed(1);
        lines.push(s.t(`task ${r.task.id}: running for ${secs} s, step ${r.tool || 'starting'}${r.message ? `, ${r.message}` : ''}`, `任务 ${r.task.id}：已运行 ${secs} 秒，步骤 ${r.tool || '启动中'}${r.message ? `，${r.message}` : ''}`));
      } else if (s.lastTask) {
        const lt = s.lastTask;
        let line = s.t(`task ${lt.id}: ${lt.status}`, `任务 ${lt.id}：${STATUS_ZH[lt.status] ?? lt.status}`);
        if (s.last && s.last.task_id === lt.id) {
          const b = s.last.summary;
          const sep = s.t(', ', '，');
          line += `${sep}${s.t('best', '最佳')} ${b.best_learner ?? '-'}`;
          if (b.test_score !== null) line += `${sep}${s.t('test', '测试')} ${b.metric} ${formatNum(b.test_score)}`;
          line += `${sep}${s.last.wall_seconds.toFixed(1)} ${s.t('s', '秒')}`;
        }
        if (lt.error) line += ` (${lt.error})`;
        lines.push(line);
      } else {
        const recent = listTasks(s.workspaceDir, 3);
        lines.push(recent.length === 0 ? s.t('no task yet', '还没有任务') : s.t('recent tasks in the workspace:', '工作区中最近的任务：'));
        if (recent.length > 0) lines.push(renderTable(['task', 'status', 'instruction'], recent.map((t) => [t.id, t.status, t.instruction])));
      }
      s.say(lines.join('\n'));
    },
  },
  {
    name: 'leaderboard',
    aliases: ['lb', 'board'],
    summary: 'The leaderboard of the last run.',
    summaryZh: '上一次运行的排行榜。',
    async run(s) {
      const r = needResult(s);
      s.say(`${renderLearners(r.learners, r.metric ?? '', s.lang)}\n\n${renderLeaderboard(r.leaderboard, r.metric ?? '', 10, s.lang)}`);
    },
  },
  {
    name: 'report',
    aliases: [],
    summary: 'Paths of the last run\'s report (HTML, Markdown), model folder and ONNX file.',
    summaryZh: '上一次运行的报告（HTML、Markdown）、模型目录和 ONNX 文件的路径。',
    async run(s) {
      const a = needResult(s).artifacts;
      const none = s.t('(none)', '（无）');
      s.say([
        `${s.t('report  ', '报告    ')}  ${a.report ?? none}`,
        `markdown  ${a.report_markdown ?? none}`,
        `${s.t('model   ', '模型    ')}  ${a.model ?? none}`,
        `onnx      ${a.onnx ?? s.t('(not exported)', '（未导出）')}`,
      ].join('\n'));
    },
  },
  {
    name: 'export',
    aliases: ['onnx'],
    summary: 'Export the last run\'s model to ONNX (prints the path; reuses an existing export).',
    summaryZh: '把上一次运行的模型导出为 ONNX（打印路径；已导出则直接复用）。',
    async run(s) {
      const r = needResult(s);
      if (r.artifacts.onnx && existsSync(r.artifacts.onnx)) {
        s.say(s.t(`ONNX: ${r.artifacts.onnx} (exported and verified by the run)`, `ONNX：${r.artifacts.onnx}（运行时已导出并校验）`));
        return;
      }
      if (!r.run_id) throw new AskmlError('NOT_FOUND', s.t('The last run saved no model to export.', '上一次运行没有保存可导出的模型。'));
      const runId = r.run_id;
      const { output, summary } = await s.cancellable((signal) => runTool<{ onnx_path: string }>('export_model', { run_id: runId }, cliContext({ workspace: s.workspaceDir, signal })));
      r.artifacts.onnx = output.onnx_path;
      s.say(summary || `ONNX: ${output.onnx_path}`);
    },
  },
  {
    name: 'help',
    aliases: ['h', '?'],
    summary: 'This list.',
    summaryZh: '显示本列表。',
    async run(s) {
      s.say(helpText(s));
    },
  },
  {
    name: 'quit',
    aliases: ['exit', 'q'],
    summary: 'Leave the chat (also Ctrl-D).',
    summaryZh: '退出对话（也可按 Ctrl-D）。',
    async run() {
      return 'quit';
    },
  },
];

/**
 * The profile as the chat shows it: the CLI's "pass --target to choose" (a flag of askml run) becomes
 * the chat's way, naming the target in an instruction.
 */
export function chatProfileText(text: string): string {
  // English like the rest of the rendered profile.
  return text.replace(' (guessed; pass --target to choose)', ' (guessed; to predict another column, name it: "predict COLUMN, 30 seconds")');
}

export function helpText(s: ChatSession): string {
  const rows = SLASH_COMMANDS.map((c) => [
    `/${c.name}${c.args ? ` ${c.args}` : ''}`,
    c.aliases.map((a) => `/${a}`).join(' '),
    s.lang === 'zh' ? c.summaryZh : c.summary,
  ]);
  const head = s.lang === 'zh' ? ['命令', '别名', '说明'] : ['command', 'aliases', 'what it does'];
  return [
    renderTable(head, rows, { maxWidth: 90 }),
    '',
    s.t(
      'Anything else is chat: an instruction runs a task ("predict churned, 30 seconds", "对新闻标题进行多类别分类"),\n' +
        'a follow-up refines the last one ("不要用 customer_id", "use AUC"), a question is answered from the\n' +
        'profile ("what columns are there?") or the last run ("what was the test accuracy?", "which features matter most?").\n' +
        'Ctrl-C cancels a run; Ctrl-C twice at the prompt or Ctrl-D exits.',
      '其他输入都当作对话：指令会运行任务（“预测 churned，30 秒”、“对新闻标题进行多类别分类”），\n' +
        '补充说明会修改上一条指令（“不要用 customer_id”、“用 AUC”），问题会根据数据概况（“有哪些列?”）\n' +
        '或上一次运行的结果（“测试集准确率是多少？”、“哪些特征最重要？”）回答。\n' +
        'Ctrl-C 取消运行；在提示符下连按两次 Ctrl-C 或按 Ctrl-D 退出。',
    ),
  ].join('\n');
}

/** Find a command by name or alias; unknown names get the closest suggestion. */
export function findSlashCommand(name: string): SlashCommand {
  const n = name.toLowerCase();
  const hit = SLASH_COMMANDS.find((c) => c.name === n || c.aliases.includes(n));
  if (hit) return hit;
  const names = SLASH_COMMANDS.map((c) => `/${c.name}`);
  const err = unknownName('BAD_ARGUMENT', 'Command', `/${name}`, names);
  if (!err.details.hint) err.details.hint = 'Type /help for the list.';
  throw err;
}
