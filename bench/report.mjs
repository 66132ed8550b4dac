// Renders a benchmark result (bench/results/latest.json) as the Markdown tables of docs/performance.md.
//   node bench/report.mjs [results.json]  → prints Markdown
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ratio } from './stats.mjs';

const f = (ms) => (ms === null || ms === undefined ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const cell = (s) => (!s ? '–' : s.error ? `failed (${s.error.split('\n')[0].slice(0, 60)})` : `${f(s.median)} (${f(s.p95)})`);
const x = (slow, fast) => (slow?.median && fast?.median ? `${ratio(slow, fast).toFixed(2)}×${slow.cpu && fast.cpu ? ` (${ratio(slow.cpu, fast.cpu).toFixed(2)}×)` : ''}` : '–');
const kb = (bytes) => (bytes ? `${(bytes / 1024).toFixed(0)} KB` : '–');

/** `ok` is null for a figure measured below the size its target is set for (the quick run). */
export function verdict(ok, bold = false) {
  if (ok === null) return 'info';
  return ok ? 'met' : bold ? '**MISSED**' : 'MISSED';
}

export function markdown(r) {
  const out = [];
  const m = r.machine;
  out.push(`Run of ${r.started.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (--quick)' : ''}: ${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.memGB} GB; load average ${m.load.join(' / ')} before, ${(m.loadAfter ?? []).join(' / ')} after; ${r.seconds} s in all.`, '');
  out.push('### Whole workspaces: median (p95) wall time', '');
  out.push('| files | MB | read files | remark parse, in-process | markdownlint-cli2 | remark-lint | okr lint cold | okr lint --cache warm | okr core, in-process | runs |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const w of Object.values(r.workspaces)) {
    out.push(`| ${w.files} | ${(w.bytes / 2 ** 20).toFixed(1)} | ${cell(w.read)} | ${cell(w.remarkParse)} | ${cell(w.markdownlint)} | ${cell(w.remarkLint)} | ${cell(w.okrCold)} | ${cell(w.okrWarm)} | ${cell(w.core)} | ${w.runs} |`);
  }
  if (r.startup?.median) out.push('', `Start-up floor: \`okr --version\` (Node starting and loading the CLI bundle, no files) takes ${cell(r.startup)}.`);
  out.push('', '### Whole workspaces: median CPU time (user + system, all threads)', '');
  out.push('CPU time barely changes when other processes compete for the cores, so it is the steadier figure on a busy machine; wall time is what a user waits.', '');
  out.push('| files | read files | remark parse | markdownlint-cli2 | remark-lint | okr lint cold | okr lint warm | okr core |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  const c = (s) => (s?.cpu ? f(s.cpu.median) : '–');
  for (const w of Object.values(r.workspaces)) {
    out.push(`| ${w.files} | ${c(w.read)} | ${c(w.remarkParse)} | ${c(w.markdownlint)} | ${c(w.remarkLint)} | ${c(w.okrCold)} | ${c(w.okrWarm)} | ${c(w.core)} |`);
  }
  out.push('', '### Ratios against the anchors (wall-time medians, CPU-time medians in brackets; above 1× means okr is faster)', '');
  out.push('| files | okr lint cold vs markdownlint-cli2 | vs remark-lint | vs remark parse only | warm vs cold | okr core vs remark parse |');
  out.push('|---:|---:|---:|---:|---:|---:|');
  for (const w of Object.values(r.workspaces)) {
    out.push(`| ${w.files} | ${x(w.markdownlint, w.okrCold)} | ${x(w.remarkLint, w.okrCold)} | ${x(w.remarkParse, w.okrCold)} | ${x(w.okrCold, w.okrWarm)} | ${x(w.remarkParse, w.core)} |`);
  }
  out.push('', '### One large document, in-process: median (p95)', '');
  out.push('| lines | KB | remark full parse | okr full parse | okr parse + lint | keystroke compute p50 / p95 / p99 (edits, processes) |');
  out.push('|---:|---:|---:|---:|---:|---:|');
  for (const s of Object.values(r.singles)) {
    out.push(`| ${s.lines} | ${(s.bytes / 1024).toFixed(0)} | ${cell(s.remarkParse)} | ${cell(s.fullParse)} | ${cell(s.fullLint)} | ${f(s.edit.p50)} / ${f(s.edit.p95)} / ${f(s.edit.p99)} (${s.edit.count}, ${s.edit.processes ?? 1}) |`);
  }
  const lsp = r.lsp ?? {};
  out.push('', '### Language server over stdio', '');
  if (lsp.error) out.push(`Failed: ${lsp.error}`, '');
  if (lsp.workspaces?.length) {
    out.push('| files | initialize → first diagnostics of an opened file | initialize → full index, median (p95) of cold starts | RSS after indexing | workspace tree (units) | RSS after it | completion p50 (p95) | hover p50 (p95) |');
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of lsp.workspaces) out.push(`| ${w.files} | ${f(w.firstDiagnosticsMs)} | ${f(w.indexMs)}${w.indexP95Ms !== undefined ? ` (${f(w.indexP95Ms)}, ${w.indexRuns} starts)` : ''} | ${w.rssMB.toFixed(0)} MB | ${f(w.workspaceTreeMs)} (${w.unitsSeen}) | ${w.rssAfterTreeMB.toFixed(0)} MB | ${cell(w.completion)} | ${cell(w.hover)} |`);
    out.push('');
  }
  if (lsp.singles?.length) {
    out.push('| document lines | keystrokes | didChange → publishDiagnostics p50 / p95 / p99 / max | no diagnostics within 5 s | RSS |');
    out.push('|---:|---:|---:|---:|---:|');
    for (const s of lsp.singles) out.push(`| ${s.lines} | ${s.count} | ${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)} / ${f(s.max)} | ${s.timeouts} | ${s.rssMB.toFixed(0)} MB |`);
    out.push('');
  }
  const e = r.extension ?? {};
  out.push('### Extension', '');
  out.push(`Minified bundles: client ${kb(e.bundles?.client)}, server ${kb(e.bundles?.server)}, CLI ${kb(e.bundles?.cli)}. VSIX: ${e.vsix ? kb(e.vsix) : 'not packaged'}${e.vsixError ? ` (plain \`vsce package\` failed: ${e.vsixError})` : ''}. Activation: ${e.activation ? `${e.activation.ms} ms` : 'not recorded'}.`, '');
  for (const note of r.notes ?? []) out.push(`Note: ${note}`, '');
  out.push('### Targets', '');
  out.push('| target | measured | |', '|---|---|---|');
  for (const t of r.targets ?? []) out.push(`| ${t.name} | ${t.measured} | ${verdict(t.ok, true)} |`);
  return out.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('results/latest.json', import.meta.url));
  process.stdout.write(markdown(JSON.parse(readFileSync(file, 'utf8'))));
}
