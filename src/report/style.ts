/**
 * The report's inline stylesheet: system fonts only (nothing fetched), CJK-friendly, tables that
 * scroll on narrow screens, charts that scale down, and print rules that avoid splitting a
 * figure or table row across pages.
 */
export const REPORT_CSS = `
:root { --fg:#1d1d1f; --muted:#666; --line:#ddd; --accent:#1f5fa8; --warn-bg:#fff6e0; --warn-line:#e0a800; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; color:var(--fg); background:#fff; line-height:1.5;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size:15px; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 64px; }
header { border-bottom: 2px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
.kicker { margin:0; color:var(--accent); font-weight:600; letter-spacing:.02em; text-transform: uppercase; font-size:12px; }
h1 { font-size: 24px; margin: 4px 0 10px; overflow-wrap:anywhere; }
h1 .label { color: var(--muted); font-weight: 400; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
dl.meta { display:flex; flex-wrap:wrap; gap: 4px 24px; margin: 0 0 8px; }
dl.meta div, dl.kv div { display:flex; gap:8px; }
dt { color: var(--muted); }
dd { margin:0; overflow-wrap:anywhere; }
dl.kv { display:grid; grid-template-columns: 1fr; gap: 4px; }
dl.kv dt { min-width: 9em; }
nav.toc ol { display:flex; flex-wrap:wrap; gap: 4px 16px; list-style: none; padding:0; margin: 8px 0 0; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
.table-wrap { overflow-x: auto; margin: 8px 0 12px; }
table { border-collapse: collapse; font-size: 13px; min-width: 40%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f4f6f9; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
table.leaderboard tbody tr:first-child { background: #eaf2fb; }
.params { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap:anywhere; }
.std { color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background:#f3f3f3; padding: 0 3px; border-radius: 3px; overflow-wrap:anywhere; }
.role { font-size: 12px; padding: 0 6px; border-radius: 8px; background:#eef; }
.role-feature { background:#e8f5e9; } .role-target { background:#e3f2fd; font-weight:600; }
.role-id, .role-constant, .role-empty { background:#eee; color:#555; } .role-leak { background:#fdecea; color:#a11; }
ul.warnings { list-style:none; padding: 8px 12px; margin: 8px 0; background: var(--warn-bg); border-left: 4px solid var(--warn-line); }
ul.warnings li::before { content: "⚠ "; }
p.status { padding: 8px 12px; margin: 8px 0; background: var(--warn-bg); border-left: 4px solid var(--warn-line); }
p.status::before { content: "⚠ "; }
.ok { color: #2e7d32; }
.empty, .note { color: var(--muted); font-style: italic; }
.minibar { display:inline-block; height: 10px; background: var(--accent); opacity:.6; margin-right: 6px; vertical-align: middle; max-width: 120px; }
table.balance td:last-child { min-width: 180px; }
figure { margin: 12px 0 20px; }
figure svg { display:block; max-width:100%; height:auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; max-width: 720px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display:none; }
  h2 { break-after: avoid; }
  figure, tr, dl.kv div { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  tbody tr:nth-child(even), th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
