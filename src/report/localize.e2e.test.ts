/**
 * The zh report of real runs has no sentence left in English: the translation table in
 * localize.ts matches the other modules' sentences as whole strings, so a change of their wording
 * shows up here (the report would fall back to English and carry the "仍为英文原文" note).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { submitTask } from '../task/submit.js';
import { translator } from './i18n.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ws = mkdtempSync(path.join(tmpdir(), 'askml-report-zh-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('zh reports of real runs', () => {
  for (const [file, instruction] of [
    ['examples/churn.csv', '预测客户是否流失'],
    ['examples/news-titles.csv', '对新闻标题进行多类别分类'],
    ['examples/house-prices.csv', '预测房价，用 MAE 评估'],
  ] as const) {
    it(`${file}: every sentence translated`, async () => {
      const r = await submitTask({ dataset: path.join(root, file), instructions: instruction, maxTrials: 4, seed: 0, workspaceDir: ws, parallelism: 1 }).done;
      const md = readFileSync(r.artifacts.report_markdown!, 'utf8');
      expect(md).toContain('数据概况');
      expect(md).not.toContain(translator('zh')('someEnglish'));
    }, 60_000);
  }
});
