/** The report's stylesheet (constant: nothing from data). Baseline rows are grey and italic so trivial scores stand apart. */
export const PAGE_STYLE = `
:root { color-scheme: light; --muted: #667; --line: #dde; --accent: #4c78a8; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1b24; background: #fafafc; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 20px 0 6px; }
main { padding: 0 24px 48px; max-width: 1400px; box-sizing: border-box; }
.wide { max-width: 100%; overflow-x: auto; }
/* A table outside a .wide box (probe, correlation, distance sections) scrolls inside itself: no table widens the page. */
table { display: block; max-width: 100%; overflow-x: auto; } .wide > table { display: table; } .board-wrap { max-height: 85vh; overflow-y: auto; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 6px 0; font-size: 13px; }
.filters input { width: 16em; } tr[hidden] { display: none; }
.opt { display: block; font-size: 11px; color: #8a5300; white-space: normal; }
.tag.mixed, .tag.partial { border-color: #c77d00; color: #8a5300; font-weight: 400; }
p.verdict { font-size: 14px; margin: 4px 0; padding-left: 8px; border-left: 3px solid #bbb; } p.verdict.better { border-color: #2a7a3a; } p.verdict.worse { border-color: #a33; }
h3 + details, details.facet { margin-left: 0; }
nav a { color: var(--accent); } .meta, .note, caption { color: var(--muted); font-size: 12.5px; }
caption { text-align: left; padding: 4px 0; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
thead th { background: #f0f1f6; position: sticky; top: 0; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button::after { content: " ⇅"; color: #aab; font-weight: 400; }
th[aria-sort="ascending"] button::after { content: " ▲"; color: var(--accent); }
th[aria-sort="descending"] button::after { content: " ▼"; color: var(--accent); }
td.num { text-align: right; white-space: nowrap; }
.ci { display: block; color: var(--muted); font-size: 11.5px; }
.n { color: var(--muted); font-size: 11.5px; }
.metric { display: block; font-weight: 400; color: var(--muted); font-size: 11.5px; }
tr.baseline { color: #777; font-style: italic; background: repeating-linear-gradient(135deg, #fff, #fff 6px, #f6f6f8 6px, #f6f6f8 12px); }
.tag { font-style: normal; font-size: 10.5px; border: 1px solid #bbb; border-radius: 8px; padding: 0 6px; color: #666; }
.missing { color: #bbb; }
.tag.confounded { border-color: #c77d00; color: #8a5300; font-weight: 400; } p.confounded { color: #8a5300; }
td.degenerate { background: #fdf0e6; color: #9a4a10; } .tag.degenerate { border-color: #c0601a; color: #9a4a10; }
figure.chart { margin: 8px 0; overflow-x: auto; }
pre { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid var(--line); padding: 6px 8px; margin: 2px 0 8px; max-height: 16em; overflow: auto; }
.role { font-size: 11.5px; color: var(--muted); } .role.chosen, span.chosen { color: #2a7a3a; } .role.rejected, span.rejected { color: #a33; }
details { margin: 4px 0; } summary { cursor: pointer; }
article.item { border-left: 3px solid var(--line); padding-left: 10px; margin: 10px 0; }
article.item:target { border-left-color: var(--accent); }
h4 { margin: 4px 0; font-size: 13.5px; }
.warnings li { color: #8a5300; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
code { font-size: 12.5px; word-break: break-all; }
tr.best { background: #eef5ea; } .tag.best { border-color: #2a7a3a; color: #2a7a3a; }
.loo { display: block; color: var(--muted); font-size: 11px; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 24px; } figcaption { max-width: 640px; }
`;
