// The cascade's stylesheet, shared by the webviews (in a nonce'd <style>) and the report (inlined,
// allowed by its hash). Colours come from VS Code's theme variables; the fallbacks serve the
// standalone report in light and dark.
export const CASCADE_CSS = `
:root {
  --okr-fg: var(--vscode-foreground, #1f2328);
  --okr-muted: var(--vscode-descriptionForeground, #59636e);
  --okr-bg: var(--vscode-editor-background, #ffffff);
  --okr-border: var(--vscode-panel-border, var(--vscode-contrastBorder, #d1d9e0));
  --okr-track: var(--vscode-editorWidget-border, #e4e8ec);
  --okr-link: var(--vscode-textLink-foreground, #0969da);
  --okr-focus: var(--vscode-focusBorder, #0969da);
  --okr-badge-bg: var(--vscode-badge-background, #e4e8ec);
  --okr-badge-fg: var(--vscode-badge-foreground, #1f2328);
  --okr-green: var(--vscode-charts-green, #1a7f37);
  --okr-amber: var(--vscode-charts-yellow, #9a6700);
  --okr-red: var(--vscode-charts-red, #cf222e);
  --okr-grey: var(--vscode-disabledForeground, #8c959f);
  --okr-font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  --okr-size: var(--vscode-font-size, 14px);
}
@media (prefers-color-scheme: dark) {
  :root {
    --okr-fg: var(--vscode-foreground, #e6edf3);
    --okr-muted: var(--vscode-descriptionForeground, #9198a1);
    --okr-bg: var(--vscode-editor-background, #0d1117);
    --okr-border: var(--vscode-panel-border, var(--vscode-contrastBorder, #3d444d));
    --okr-track: var(--vscode-editorWidget-border, #30363d);
    --okr-link: var(--vscode-textLink-foreground, #4493f8);
    --okr-focus: var(--vscode-focusBorder, #4493f8);
    --okr-badge-bg: var(--vscode-badge-background, #30363d);
    --okr-badge-fg: var(--vscode-badge-foreground, #e6edf3);
    --okr-green: var(--vscode-charts-green, #3fb950);
    --okr-amber: var(--vscode-charts-yellow, #d29922);
    --okr-red: var(--vscode-charts-red, #f85149);
    --okr-grey: var(--vscode-disabledForeground, #6e7681);
  }
}
.okr-cascade { color: var(--okr-fg); font-family: var(--okr-font); font-size: var(--okr-size); line-height: 1.45; max-width: 70rem; }
.okr-cascade * { box-sizing: border-box; }
.okr-cascade ul, .okr-cascade ol { list-style: none; margin: 0; padding: 0; }
.okr-cascade .subtree .subtree, .okr-cascade details .objectives { padding-left: 1rem; border-left: 1px solid var(--okr-border); margin-left: 0.4rem; }
.okr-cascade h1 { font-size: 1.5em; margin: 0.2em 0; font-weight: 600; }
.okr-cascade .section-title { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.06em; color: var(--okr-muted); margin: 1.2em 0 0.4em; font-weight: 600; }
.okr-cascade section.focus { border: 1px solid var(--okr-border); border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.6rem 0; }
.okr-cascade .unit-header { display: grid; grid-template-columns: 1fr auto; align-items: center; column-gap: 1rem; margin-bottom: 0.4rem; }
.okr-cascade .unit-header .unit-meta { margin: 0; grid-column: 1; }
.okr-cascade .unit-header .meter { grid-column: 2; grid-row: 1 / span 2; }
.okr-cascade section.focus > .objectives { border-left: none; padding-left: 0; margin-left: 0; }
.okr-cascade .chain > li + li { margin-top: 0.2rem; }
.okr-cascade details { margin: 0.15rem 0; }
.okr-cascade summary { cursor: pointer; display: flex; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.6rem; padding: 0.15rem 0.2rem; border-radius: 4px; }
.okr-cascade summary::before { content: "▸"; color: var(--okr-muted); width: 0.8em; flex: none; }
.okr-cascade details[open] > summary::before { content: "▾"; }
.okr-cascade summary::-webkit-details-marker { display: none; }
.okr-cascade summary { list-style: none; }
.okr-cascade summary:hover { background: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.12)); }
.okr-cascade :focus-visible { outline: 1px solid var(--okr-focus); outline-offset: 1px; }
.okr-cascade .unit > summary .unit-title { font-weight: 600; }
.okr-cascade details.others > summary { color: var(--okr-muted); font-size: 0.9em; margin-left: 1.4rem; }
.okr-cascade .unit-meta, .okr-cascade .objective-meta, .okr-cascade .kr-meta { color: var(--okr-muted); font-size: 0.9em; }
.okr-cascade .objective-meta { margin: 0.1rem 0 0.2rem 3.6rem; display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; }
.okr-cascade .oid, .okr-cascade .kid { min-width: 2.2em; }
.okr-cascade .oid, .okr-cascade .kid, .okr-cascade .unit-id { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 0.85em; color: var(--okr-muted); }
.okr-cascade .objective-title { font-weight: 600; }
.okr-cascade .objective-title, .okr-cascade .kr-text, .okr-cascade .unit-name { overflow-wrap: anywhere; min-width: 0; flex: 1 1 12rem; }
.okr-cascade .kr { display: flex; flex-wrap: wrap; align-items: center; gap: 0.1rem 0.6rem; padding: 0.2rem 0.2rem 0.2rem 1.4rem; border-radius: 4px; }
.okr-cascade .kr-meta:not(:has(> :not(.sr-only))) { display: none; }
.okr-cascade .kr.served, .okr-cascade .objective.served > details > summary { background: var(--vscode-editor-selectionHighlightBackground, rgba(9, 105, 218, 0.1)); }
.okr-cascade .kr-meta { display: flex; flex: 1 0 100%; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.8rem; padding-left: 2.6em; }
.okr-cascade button.reveal { font: inherit; color: inherit; background: none; border: none; padding: 0; margin: 0; text-align: left; cursor: pointer; }
.okr-cascade button.reveal:hover { color: var(--okr-link); text-decoration: underline; }
/* A fixed-width meter at the end of each row keeps every bar in one column. */
.okr-cascade .meter { display: inline-flex; align-items: center; gap: 0.4rem; flex: none; width: 14rem; margin-left: auto; }
.okr-cascade svg.bar { width: 6rem; height: 0.45rem; border-radius: 2px; overflow: hidden; }
.okr-cascade .bar-track { fill: var(--okr-track); }
.okr-cascade .bar.band-on-track .bar-fill { fill: var(--okr-green); }
.okr-cascade .bar.band-at-risk .bar-fill { fill: var(--okr-amber); }
.okr-cascade .bar.band-off-track .bar-fill { fill: var(--okr-red); }
.okr-cascade .bar.band-not-started .bar-fill { fill: var(--okr-grey); }
.okr-cascade .pct { font-variant-numeric: tabular-nums; min-width: 2.6em; text-align: right; }
.okr-cascade .band-label { font-size: 0.8em; color: var(--okr-muted); min-width: 5.5em; white-space: nowrap; }
.okr-cascade .tone-on-track { color: var(--okr-green); }
.okr-cascade .tone-at-risk { color: var(--okr-amber); }
.okr-cascade .tone-off-track { color: var(--okr-red); }
.okr-cascade svg.spark { width: 3.75rem; height: 1rem; overflow: visible; }
.okr-cascade svg.spark polyline { fill: none; stroke: var(--okr-link); stroke-width: 1.2; vector-effect: non-scaling-stroke; }
.okr-cascade svg.spark circle { fill: var(--okr-link); }
.okr-cascade .badge { background: var(--okr-badge-bg); color: var(--okr-badge-fg); border-radius: 8px; padding: 0 0.45rem; font-size: 0.85em; }
.okr-cascade .ref .pct { min-width: 0; }
.okr-cascade .empty, .okr-cascade .warning { color: var(--okr-muted); font-style: italic; margin: 0.3rem 0 0.3rem 1.4rem; }
.okr-cascade .warning { color: var(--vscode-editorWarning-foreground, var(--okr-amber)); font-style: normal; }
.okr-cascade.notice { padding: 1rem; }
.okr-cascade .notice-title { font-weight: 600; margin: 0 0 0.3rem; }
.okr-cascade .notice-detail { color: var(--okr-muted); margin: 0; }
.okr-cascade .summary p { margin: 0.2rem 0; color: var(--okr-muted); }
.okr-cascade .band-counts { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; margin-bottom: 0.8rem; }
.okr-cascade .dot { display: inline-block; width: 0.6em; height: 0.6em; border-radius: 50%; margin-right: 0.3em; background: var(--okr-grey); }
.okr-cascade .band-on-track > .dot { background: var(--okr-green); }
.okr-cascade .band-at-risk > .dot { background: var(--okr-amber); }
.okr-cascade .band-off-track > .dot { background: var(--okr-red); }
.okr-cascade .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
body.vscode-high-contrast .okr-cascade .bar-track { fill: none; stroke: var(--vscode-contrastBorder, currentColor); }
@media (forced-colors: active) { .okr-cascade .bar-fill { fill: CanvasText; } }
`;
