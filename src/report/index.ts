/** The run report: Markdown and self-contained HTML from a ReportInput. */
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { writeReport, type WriteReportOptions, type WrittenReport } from './write.js';
export type * from './types.js';
