/**
 * Write the Markdown and HTML reports into a folder, each atomically (temp file in the same
 * folder, then rename), so a reader never sees a half-written report.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { AskmlError } from '../errors.js';
import { writeFileAtomic } from '../util/fs.js';
import type { ReportInput } from './types.js';

export interface WriteReportOptions {
  /** File name without extension; default 'report' (report.md, report.html). */
  baseName?: string;
}

export interface WrittenReport {
  markdownPath: string;
  htmlPath: string;
}

export async function writeReport(input: ReportInput, dir: string, opts: WriteReportOptions = {}): Promise<WrittenReport> {
  const base = opts.baseName ?? 'report';
  if (!/^[\p{L}\p{N}._-]+$/u.test(base) || base.startsWith('.')) {
    throw new AskmlError('BAD_ARGUMENT', `report file name '${base}' is not allowed; use letters, digits, '.', '_' or '-' and no folder parts`, {
      hint: "for example 'report' or 'run-2026-11-23'",
    });
  }
  // Render both first: a rendering fault must not leave one new file beside one old one.
  const markdown = renderMarkdown(input);
  const html = renderHtml(input);
  await mkdir(dir, { recursive: true });
  const markdownPath = path.resolve(dir, `${base}.md`);
  const htmlPath = path.resolve(dir, `${base}.html`);
  writeFileAtomic(markdownPath, markdown);
  writeFileAtomic(htmlPath, html);
  return { markdownPath, htmlPath };
}
