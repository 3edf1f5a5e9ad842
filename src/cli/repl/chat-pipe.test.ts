/** `askml chat` driven through piped stdin, as a script: real process, real files, temp workspace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeChat } from './testing/pipe-chat.js';

let ws = '';

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'askml-chat-pipe-'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

function chat(lines: string[], args = ['--data', 'examples/churn.csv']): Promise<{ code: number | null; out: string; err: string }> {
  return pipeChat(lines, { args, workspace: ws });
}

describe('askml chat with piped stdin', () => {
  it('runs a script: help, profile, questions, a run, status, leaderboard, report, a typo, quit', async () => {
    const r = await chat([
      '/help',
      '/profile',
      'what columns are there?',
      '有哪些列?',
      'predict churned, 2 seconds',
      '/status',
      '哪个模型最好?',
      '/leaderboard',
      '/report',
      '/lederboard',
      '/quit',
      '/profile', // after /quit: never read
    ]);
    expect(r.code, r.err).toBe(2); // one line (the typo) failed
    const out = r.out;
    expect(out).toMatch(/^Loaded churn\.csv: 800 rows x 9 columns; target guess 'churned' \(binary\)\./);
    // /help lists every command
    for (const c of ['/data FILE', '/profile', '/plan', '/run', '/status', '/leaderboard', '/report', '/export', '/help', '/quit']) expect(out).toContain(c);
    // /profile shows the columns
    expect(out).toMatch(/tenure_months\s+numeric\s+feature\s+0\s+72/);
    expect(out).toMatch(/customer_id\s+categorical\s+id/);
    // questions answered from the profile, in their language
    expect(out).toContain('9 columns:');
    expect(out).toContain('共 9 列：');
    // the run: plan, leaderboard, metrics, artifacts
    expect(out).toMatch(/budget\s+2 s/);
    expect(out).toMatch(/Leaderboard \(validation accuracy\)\n#\s+learner/);
    expect(out).toMatch(/Test metrics\n\s+accuracy\s+0\.\d+/);
    const report = /report\s+(\S+report\.html)/.exec(out)?.[1];
    expect(report && existsSync(report)).toBe(true);
    expect(out).toMatch(/Done in [\d.]+ s \(task task_\w+, run run_\w+\)/);
    // /status after the run
    expect(out).toMatch(/instruction: predict churned, 2 seconds\ntask task_\w+: succeeded, best [\w +]+, test accuracy [\d.]+, [\d.]+ s/);
    // a question about the result, answered in Chinese
    expect(out).toMatch(/最佳模型：[\w +]+（验证集 accuracy [\d.]+）。/);
    // /report lists the paths
    expect(out).toMatch(/markdown\s+\S+report\.md/);
    expect(out).toMatch(/onnx\s+\S+model\.onnx/);
    // the typo: an error with the closest command, no stack trace, and the chat went on
    // (the last line in words was Chinese, so the error is shown in Chinese too)
    expect(r.err).toContain("错误（参数有误）：找不到命令 '/lederboard'。您是不是指 '/leaderboard'？");
    expect(r.err).not.toMatch(/\n\s+at /);
    // progress on stderr as plain lines (not a TTY)
    expect(r.err).toContain('> Searching models (search_model)');
    expect(r.err).not.toContain('\x1b[2K');
    // nothing after /quit ran: the profile table appears once
    expect(out.match(/tenure_months\s+numeric\s+feature\s+0\s+72/g)?.length).toBe(1);
  }, 40_000);

  it('answers questions about the run it just did from its result, in the language of the question', async () => {
    const r = await chat([
      '/profile',
      'what was the test accuracy?',
      'predict churned, 4 seconds',
      'what was the test accuracy?',
      'which features matter most?',
      'show the confusion matrix',
      '测试集准确率是多少？',
      '哪些特征最重要？',
    ]);
    expect(r.code, r.err).toBe(0);
    const out = r.out;
    // /profile names the chat's way to choose a target, not the run command's flag
    expect(out).toContain('Target: churned (guessed; to predict another column, name it: "predict COLUMN, 30 seconds")');
    expect(out).not.toContain('--target');
    // before the run
    expect(out).toMatch(/No model has been trained in this chat yet[^\n]*"predict churned, 30 seconds"/);
    // after the run: the test accuracy is the one the run printed
    const printed = /Test metrics\n\s+accuracy\s+([\d.]+)/.exec(out)![1];
    expect(out).toContain(`Test accuracy: ${printed} on 160 held-out test rows the search never saw.`);
    expect(out).toContain(`测试集准确率（accuracy）：${printed}，基于 160 行搜索时未使用的留出测试数据。`);
    // permutation importance from evaluation.json, in both languages
    expect(out).toMatch(/Most important: \w+(, \w+)*\.\nPermutation importance on 160 test rows/);
    expect(out).toMatch(/#\s+column\s+worse by\s+± sd\n[-\s]+\n1\s+\w+\s+[\d.]+/);
    expect(out).toMatch(/最重要的特征：\w+(、\w+)*。\n置换重要性（160 行测试数据）/);
    // the confusion matrix: 2x2, counts summing to the 160 test rows
    const cm = /actual \\ predicted\s+no\s+yes\n[-\s]+\nno\s+(\d+)\s+(\d+)\nyes\s+(\d+)\s+(\d+)\n(\d+) of 160 predicted right/.exec(out);
    expect(cm, out).not.toBeNull();
    const [a, b, c, d, right] = cm!.slice(1).map(Number);
    expect(a + b + c + d).toBe(160);
    expect(right).toBe(a + d);
    // no result question fell back to the profile summary or the column table
    expect(out).not.toContain('Ask about the data');
    expect(out).not.toContain('9 columns:');
  }, 40_000);

  it('exits 0 at end of input when every line succeeded; a follow-up refines the instruction', async () => {
    const r = await chat(['any missing values?', '/plan predict churned, 5 seconds', '不要用 region', '/plan']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/age\s+51\s+6\.4%/);
    expect(r.out).toMatch(/excluded\s+\(none\)/);
    // the refinement runs: we see the merged instruction, then /plan shows it
    expect(r.out).toContain('修改后的指令：predict churned, 5 seconds；不要用 region');
    expect(r.out).toMatch(/指令: predict churned, 5 seconds；不要用 region\n计划[\s\S]*排除的列\s+region/);
  }, 40_000);

  it('a Chinese instruction on text data replies in Chinese, tables and slash commands too', async () => {
    const r = await chat(['对新闻标题进行多类别分类，2秒', '/status', '/leaderboard', '/report', '/profile'], ['--data', 'examples/news-titles.csv']);
    expect(r.code, r.err).toBe(0);
    // /profile in the session's language (audit: all English)
    expect(r.out).toMatch(/news-titles\.csv：400 行 x 2 列\n目标列：category（推断得出），任务 多分类，10 个类别：/);
    expect(r.out).toMatch(/列\s+类型\s+角色\s+缺失\s+不同值\s+概要\n[-\s]+\ntitle\s+文本\s+特征\s+0\s+\d+\s+中文文本，平均 [\d.]+ 个字符/);
    expect(r.out).toMatch(/警告：\n\s+- \[duplicate_rows\] 2 行（0\.50%）与前面的某一行完全相同。/);
    expect(r.out).toMatch(/计划\n\s+任务类型\s+多分类（multiclass）\n\s+目标列\s+category\n\s+评估指标\s+macro_f1\n\s+文本列\s+title/);
    expect(r.out).toMatch(/学习器（各自最好的验证集 macro_f1）\n#\s+学习器\s+macro_f1/);
    expect(r.out).toMatch(/排行榜（验证集 macro_f1）\n#\s+学习器\s+macro_f1\s+训练秒\s+参数/);
    expect(r.out).toMatch(/测试集指标\n\s+accuracy\s+0\.\d+/);
    expect(r.out).toMatch(/产出文件\n\s+报告\s+\S+report\.html/);
    expect(r.out).toMatch(/报告\s+\S+report\.html\nmarkdown\s+\S+report\.md\n模型\s+\S+model/);
    expect(r.out).not.toMatch(/^(Plan|Leaderboard|Learners|Test metrics|Artifacts)\b/m);
    expect(r.out).toMatch(/保存的模型：[\w +]+（验证集 macro_f1 [\d.]+）\n测试集指标/);
    expect(r.out).toMatch(/完成，用时 [\d.]+ 秒（任务 task_\w+，运行 run_\w+）。/);
    expect(r.out).toMatch(/指令: 对新闻标题进行多类别分类，2秒\n任务 task_\w+：已完成，最佳/);
  }, 30_000);

  it('bad input prints error: with a hint and the chat goes on; without data questions say so', async () => {
    const r = await chat(['/data no-such-file.csv', '/data C:\\data\\x.csv', '/profile', 'predict churned', 'predict churned using gone/nope.csv, 3 seconds', '有哪些列?', '/data examples/churn.csv', '/status'], []);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: No file 'no-such-file.csv'. Give a path relative to the current folder");
    expect(r.err).toContain("looks like a Windows path, but askml runs on");
    // a missing path inside an instruction is named, like /data names it (F24)
    expect(r.err).toContain("error: No file 'gone/nope.csv'.");
    expect(r.err).toContain('error: No data file yet. Load one with /data FILE');
    expect(r.out).toContain('还没有加载数据。用 /data 文件路径 加载数据。');
    // slash commands answer in the language of the last free text (here Chinese)
    expect(r.out).toContain('已加载 churn.csv：800 行 x 9 列');
    expect(r.out).toMatch(/数据: \S+examples\/churn\.csv/);
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 30_000);
});
