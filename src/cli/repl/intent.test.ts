/** Free text in the chat: question, instruction, refinement or neither; answers from a real profile. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../../data/load.js';
import { columnInfos, profileFrame } from '../../data/profile.js';
import type { Profile } from '../../data/profile-schema.js';
import type { ColumnInfo } from '../../data/column-info.js';
import type { AskmlError } from '../../errors.js';
import { classifyInput, mergeInstruction } from './intent.js';
import { answerQuestion } from './answer.js';
import { dataPathIn } from './repl.js';
import { findSlashCommand, SLASH_COMMANDS } from './slash-commands.js';
import { appendHistory, loadHistory } from './history.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let profile: Profile;
let columns: ColumnInfo[];

beforeAll(async () => {
  const { frame } = await loadTable(path.join(root, 'examples/churn.csv'));
  profile = profileFrame(frame, {});
  columns = columnInfos(profile);
});

describe('classifyInput', () => {
  const ctx = () => ({ columns, lastInstruction: null as string | null });

  it('reads questions about the data in zh and en', () => {
    const en = classifyInput('what columns are there?', ctx());
    expect(en).toEqual({ kind: 'question', topics: ['columns'], columns: [], lang: 'en' });
    const zh = classifyInput('有哪些列?', ctx());
    expect(zh).toMatchObject({ kind: 'question', topics: ['columns'], lang: 'zh' });
    expect(classifyInput('any missing values?', ctx())).toMatchObject({ kind: 'question', topics: ['missing'] });
    expect(classifyInput('age 有缺失吗', ctx())).toMatchObject({ kind: 'question', columns: ['age'], lang: 'zh' });
    expect(classifyInput('which model is best?', ctx())).toMatchObject({ kind: 'question', topics: ['results'] });
  });

  it('reads instructions, including questions that ask for a run', () => {
    expect(classifyInput('predict churn, 30 seconds', ctx())).toEqual({ kind: 'instruction', instruction: 'predict churn, 30 seconds', lang: 'en' });
    expect(classifyInput('对新闻标题进行多类别分类', ctx())).toMatchObject({ kind: 'instruction', lang: 'zh' });
    expect(classifyInput('能帮我预测 churned 吗?', ctx())).toMatchObject({ kind: 'instruction', lang: 'zh' });
  });

  it('merges a follow-up into the last instruction; a new budget replaces the old one', () => {
    const c = { columns, lastInstruction: 'predict churned, 30 seconds' };
    expect(classifyInput('不要用 region', c)).toEqual({ kind: 'refinement', instruction: 'predict churned, 30 seconds；不要用 region', lang: 'zh' });
    expect(classifyInput('60 seconds', c)).toEqual({ kind: 'refinement', instruction: 'predict churned; 60 seconds', lang: 'en' });
    expect(mergeInstruction('预测 churned，用 accuracy', '用 AUC')).toBe('预测 churned，用；用 AUC');
    // Without an earlier instruction a follow-up stands on its own.
    expect(classifyInput("don't use region", ctx())).toMatchObject({ kind: 'instruction', instruction: "don't use region" });
  });

  it('maps requests for a command to it', () => {
    expect(classifyInput('导出模型', ctx())).toEqual({ kind: 'command', command: 'export', lang: 'zh' });
    expect(classifyInput('where is the report?', ctx())).toEqual({ kind: 'command', command: 'report', lang: 'en' });
    expect(classifyInput('进度怎么样?', ctx())).toMatchObject({ kind: 'command', command: 'status' });
    // with a run verb it stays an instruction
    expect(classifyInput('predict churned and export to onnx', ctx())).toMatchObject({ kind: 'instruction' });
  });

  it('a bare column name is a question about it; small talk is neither', () => {
    expect(classifyInput('tenure_months', ctx())).toMatchObject({ kind: 'question', columns: ['tenure_months'] });
    expect(classifyInput('hello there', ctx())).toEqual({ kind: 'unknown', lang: 'en' });
    expect(classifyInput('你好', ctx())).toEqual({ kind: 'unknown', lang: 'zh' });
  });
});

describe('answerQuestion', () => {
  const facts = () => ({ profile, file: 'churn.csv', result: null });

  it('lists the columns in the language of the question', () => {
    const en = answerQuestion({ topics: ['columns'], columns: [], lang: 'en' }, facts());
    expect(en).toContain('9 columns:');
    for (const c of ['customer_id', 'age', 'tenure_months', 'churned']) expect(en).toContain(c);
    const zh = answerQuestion({ topics: ['columns'], columns: [], lang: 'zh' }, facts());
    expect(zh).toContain('共 9 列');
    expect(zh).toMatch(/age\s+数值\s+特征/);
  });

  it('answers missing values, shape, a column, the target, and results before any run', () => {
    expect(answerQuestion({ topics: ['missing'], columns: [], lang: 'en' }, facts())).toMatch(/age\s+51\s+6\.4%/);
    expect(answerQuestion({ topics: ['rows'], columns: [], lang: 'zh' }, facts())).toBe('churn.csv：800 行 x 9 列。');
    expect(answerQuestion({ topics: ['general'], columns: ['age'], lang: 'en' }, facts())).toContain('age (numeric, feature): 61 distinct; 51 missing (6.4%)');
    expect(answerQuestion({ topics: ['target'], columns: [], lang: 'en' }, facts())).toMatch(/^Target: churned \(guessed\), task binary, 2 classes/);
    expect(answerQuestion({ topics: ['results'], columns: [], lang: 'en' }, facts())).toMatch(/^No run yet/);
    expect(answerQuestion({ topics: ['columns'], columns: [], lang: 'en' }, { profile: null, file: null, result: null })).toMatch(/^No data loaded/);
  });
});

describe('slash commands, data paths, history', () => {
  it('finds commands by name or alias and suggests the closest for a typo', () => {
    expect(findSlashCommand('exit').name).toBe('quit');
    expect(findSlashCommand('LB').name).toBe('leaderboard');
    const describe = (name: string) => {
      try {
        findSlashCommand(name);
        return '';
      } catch (e) {
        return (e as AskmlError).describe();
      }
    };
    expect(describe('lederboard')).toMatch(/^Command '\/lederboard' not found\. Did you mean '\/leaderboard'\?/);
    expect(describe('zzzz')).toMatch(/Type \/help for the list/);
    const names = SLASH_COMMANDS.flatMap((c) => [c.name, ...c.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds an existing data file named in an instruction', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-chat-'));
    const f = path.join(dir, 'd.csv');
    writeFileSync(f, 'a,b\n1,2\n');
    expect(dataPathIn(`predict b in ${f}, 10 seconds`)).toEqual({ file: f, rest: 'predict b in , 10 seconds', exists: true });
    // A missing file is still found, so the chat can name it in its error (F24).
    expect(dataPathIn('predict b in missing-file.csv')).toEqual({ file: 'missing-file.csv', rest: 'predict b in', exists: false });
    expect(dataPathIn('predict b, 10 seconds')).toBeNull();
  });

  it('keeps history newest first without consecutive repeats', () => {
    const f = path.join(mkdtempSync(path.join(tmpdir(), 'askml-chat-')), 'sub', 'chat_history');
    for (const l of ['/help', '/status', '/status', 'predict churned']) appendHistory(f, l);
    expect(loadHistory(f)).toEqual(['predict churned', '/status', '/help']);
    for (let i = 0; i < 25; i++) appendHistory(f, `line ${i}`, 10);
    expect(loadHistory(f, 100).length).toBeLessThanOrEqual(20);
    expect(loadHistory(f)[0]).toBe('line 24');
  });
});
