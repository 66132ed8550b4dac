// The one picture of the cascade, as an HTML fragment: used by the preview panel, the sidebar
// "Cascade" view and `okr report`. Collapsing uses <details>/<summary>, so it works with the
// keyboard and without any script. Every text that comes from a file goes through escapeHtml.
import type { Band, TreeCheckIn, TreeJson, TreeKr, TreeObjective, TreeUnit } from '../core/model';
import { bandLabel, bandOf, escapeHtml, finite, formatPercent, formatQuantity, progressOf } from './format';
import { progressBar, sparkline } from './svg';

export interface RenderOptions {
  /** Unit id to centre on: the chain it serves above, its OKRs, the units aligned below. Without it: the whole cascade. */
  focus?: string | null;
  /** Make objective and KR titles buttons that carry their file and line (the editor views); the report has none. */
  interactive?: boolean;
}

interface Context {
  tree: TreeUnit[];
  byId: Map<string, TreeUnit>;
  /** Units by the id of their parent (by `parent`, or listed in the parent's `children`). */
  kids: Map<string, Set<TreeUnit>>;
  /** Units already drawn in the tree: each appears once, whatever loops the data has. */
  drawn: Set<TreeUnit>;
  interactive: boolean;
}

/** Nesting deeper than this is not drawn (real cascades have a handful of levels; the limit keeps the stack bounded). */
const MAX_DEPTH = 32;

/** Renders the cascade (focused on one unit, or whole) as a `<div class="okr-cascade">` fragment. */
export function renderCascadeHtml(tree: TreeJson, options: RenderOptions = {}): string {
  const units = Array.isArray(tree?.units) ? tree.units : [];
  const ctx: Context = { tree: units, byId: new Map(), kids: new Map(), drawn: new Set(), interactive: options.interactive ?? false };
  for (const unit of units) if (!ctx.byId.has(unit.id)) ctx.byId.set(unit.id, unit);
  const adopt = (parentId: string, child: TreeUnit | undefined) => {
    if (!child || child.id === parentId) return;
    const set = ctx.kids.get(parentId) ?? new Set<TreeUnit>();
    ctx.kids.set(parentId, set.add(child));
  };
  for (const unit of units) {
    if (unit.parent) adopt(unit.parent, unit);
    for (const id of Array.isArray(unit.children) ? unit.children : []) adopt(unit.id, ctx.byId.get(id));
  }
  if (units.length === 0) return notice('empty', 'No OKR files found', 'Create a file ending in .okr.md to see its cascade here.');
  if (options.focus == null) return `<div class="okr-cascade whole">${renderWhole(ctx)}</div>`;
  const focus = ctx.byId.get(options.focus);
  if (!focus) {
    return notice('missing', 'Unit not found', `No OKR file for the unit "${options.focus}" is in the workspace index.`);
  }
  return `<div class="okr-cascade focused">${renderFocused(ctx, focus)}</div>`;
}

/** A message in place of the picture: empty workspace, not an OKR file, server not ready… */
export function notice(kind: string, title: string, detail = ''): string {
  const cls = escapeHtml(kind.replace(/[^a-z-]/g, ''));
  return (
    `<div class="okr-cascade notice notice-${cls}" role="status"><p class="notice-title">${escapeHtml(title)}</p>` +
    (detail ? `<p class="notice-detail">${escapeHtml(detail)}</p>` : '') +
    `</div>`
  );
}

// ---------- focused view: chain above, the unit, units below ----------

function renderFocused(ctx: Context, focus: TreeUnit): string {
  const { chain, cycle } = ancestors(ctx, focus);
  const name = escapeHtml(focus.title || focus.id);
  let above: string;
  if (chain.length === 0) {
    above = focus.parent
      ? para('empty', `The parent unit "${focus.parent}" is not in the workspace.`)
      : para('empty', `${focus.title || focus.id} has no parent: it is at the top of the cascade.`);
  } else {
    // Each ancestor shows the objectives that the units below it in the chain align to.
    const lower = [focus, ...chain];
    above = `<ol class="chain">${chain
      .slice()
      .reverse()
      .map((unit) => {
        const below = lower.slice(0, lower.indexOf(unit));
        const served = servedRefs(unit, below);
        return `<li>${unitBlock(unit, { open: true, heading: 'above', body: servedObjectives(ctx, unit, served) })}</li>`;
      })
      .join('')}</ol>`;
  }
  if (cycle) above += para('warning', `The parent chain loops back to itself: ${cycle.join(' → ')}.`);

  // Units of the chain are drawn above: a loop back down to them must not draw them again.
  for (const unit of [focus, ...chain]) ctx.drawn.add(unit);
  const below = childrenOf(ctx, focus).filter((u) => !ctx.drawn.has(u));
  for (const unit of below) ctx.drawn.add(unit);
  const belowHtml =
    below.length === 0
      ? para('empty', `No unit aligns to ${focus.title || focus.id} yet.`)
      : `<ul class="subtree">${below.map((u) => `<li>${subtree(ctx, u, 0, false)}</li>`).join('')}</ul>`;

  return (
    `<section class="above" aria-label="Serves"><h2 class="section-title">Serves</h2>${above}</section>` +
    `<section class="focus" aria-label="${name}">${focusHeader(focus)}${objectiveList(ctx, focus, objectivesOf(focus), true)}</section>` +
    `<section class="below" aria-label="Aligned below"><h2 class="section-title">Aligned below</h2>${belowHtml}</section>`
  );
}

/** The parent chain from the focus upwards (nearest first), stopping at a missing unit or a loop. */
function ancestors(ctx: Context, focus: TreeUnit): { chain: TreeUnit[]; cycle: string[] | null } {
  const chain: TreeUnit[] = [];
  const seen = new Set([focus.id]);
  let current = focus;
  while (current.parent) {
    const parent = ctx.byId.get(current.parent);
    if (!parent) break;
    if (seen.has(parent.id)) return { chain, cycle: [...seen, parent.id] };
    chain.push(parent);
    seen.add(parent.id);
    current = parent;
  }
  return { chain, cycle: null };
}

/** The `unit#O1` and `unit#O1.KR2` keys of `unit` that the objectives of `below` align to. */
function servedRefs(unit: TreeUnit, below: TreeUnit[]): Set<string> {
  const served = new Set<string>();
  for (const child of below)
    for (const objective of child.objectives)
      for (const ref of objective.aligns ?? []) {
        const target = parseRef(ref);
        if (target?.unit !== unit.id || !target.objective) continue;
        served.add(target.objective);
        if (target.kr) served.add(`${target.objective}.${target.kr}`);
      }
  return served;
}

function focusHeader(unit: TreeUnit): string {
  const progress = progressOf(unit.progress);
  const band = bandOf(unit.band);
  return (
    `<header class="unit-header band-${band}"><h1 class="unit-title">${escapeHtml(unit.title || unit.id)}</h1>` +
    `<p class="unit-meta">${unitMeta(unit)}</p>` +
    `<div class="meter">${progressBar(progress, band, 'Unit progress')}${percent(progress, band)}</div></header>`
  );
}

// ---------- whole cascade (report) ----------

function renderWhole(ctx: Context): string {
  const roots = ctx.tree.filter((u) => !u.parent || !ctx.byId.has(u.parent));
  const reached = new Set<TreeUnit>(roots);
  for (const unit of reached) for (const child of childrenOf(ctx, unit)) reached.add(child);
  // Units whose parent chain loops never hang from a root: list them so nothing disappears.
  const orphans = ctx.tree.filter((u) => !reached.has(u));
  let html = summary(ctx.tree);
  html += `<ul class="subtree roots">${roots.map((u) => `<li>${subtree(ctx, u, 0, true)}</li>`).join('')}</ul>`;
  if (orphans.length > 0) {
    html +=
      `<section class="cycle" aria-label="Units in a parent cycle">` +
      para('warning', `These units' parents form a cycle, so they have no place in the cascade: ${orphans.map((u) => u.id).join(', ')}.`) +
      `<ul class="subtree">${orphans.map((u) => `<li>${unitBlock(u, { open: false, heading: 'cycle', body: objectiveList(ctx, u, objectivesOf(u), true) })}</li>`).join('')}</ul></section>`;
  }
  return html;
}

function summary(units: TreeUnit[]): string {
  const objectives = units.flatMap((u) => u.objectives);
  const krs = objectives.flatMap((o) => o.krs);
  const counts = new Map<Band, number>();
  for (const kr of krs) counts.set(bandOf(kr.band), (counts.get(bandOf(kr.band)) ?? 0) + 1);
  const bands = (['on-track', 'at-risk', 'off-track', 'not-started'] as const)
    .map((b) => `<li class="band-${b}"><span class="dot" aria-hidden="true"></span>${counts.get(b) ?? 0} ${bandLabel(b).toLowerCase()}</li>`)
    .join('');
  const periods = [...new Set(units.map((u) => u.period).filter((p): p is string => !!p))];
  return (
    `<section class="summary" aria-label="Summary"><p>${units.length} units · ${objectives.length} objectives · ${krs.length} key results` +
    (periods.length ? ` · ${escapeHtml(periods.join(', '))}` : '') +
    `</p><ul class="band-counts" aria-label="Key results by band">${bands}</ul></section>`
  );
}

// ---------- shared blocks ----------

/** A unit and, nested below it, the units that name it as parent (each unit drawn once, so loops end). */
function subtree(ctx: Context, unit: TreeUnit, depth: number, open: boolean): string {
  ctx.drawn.add(unit);
  const children = childrenOf(ctx, unit).filter((c) => !ctx.drawn.has(c));
  for (const child of children) ctx.drawn.add(child);
  let nested = '';
  if (children.length && depth >= MAX_DEPTH) nested = para('warning', `The cascade goes deeper than ${MAX_DEPTH} levels here; ${children.length} more units are not drawn.`);
  else if (children.length) nested = `<ul class="subtree">${children.map((c) => `<li>${subtree(ctx, c, depth + 1, false)}</li>`).join('')}</ul>`;
  return unitBlock(unit, { open, heading: 'tree', body: objectiveList(ctx, unit, objectivesOf(unit), true), nested });
}

function childrenOf(ctx: Context, unit: TreeUnit): TreeUnit[] {
  return [...(ctx.kids.get(unit.id) ?? [])].filter((u) => u !== unit);
}

interface UnitOptions {
  open: boolean;
  /** Where the unit is drawn (part of the key that keeps its folding state). */
  heading: 'above' | 'tree' | 'cycle';
  /** Its objectives, as HTML. */
  body: string;
  nested?: string;
}

function unitBlock(unit: TreeUnit, options: UnitOptions): string {
  const progress = progressOf(unit.progress);
  const band = bandOf(unit.band);
  return (
    `<details class="unit band-${band}" data-key="${escapeHtml(`${options.heading}:${unit.file}`)}"${options.open ? ' open' : ''}>` +
    `<summary><span class="unit-name"><span class="unit-title">${escapeHtml(unit.title || unit.id)}</span> ` +
    `<span class="unit-meta">${unitMeta(unit)}</span></span>` +
    `<span class="meter">${progressBar(progress, band, `${unit.title || unit.id} progress`)}${percent(progress, band)}</span></summary>` +
    options.body +
    (options.nested ?? '') +
    `</details>`
  );
}

function unitMeta(unit: TreeUnit): string {
  const parts = [`<span class="unit-id">${escapeHtml(unit.id)}</span>`];
  if (unit.period) parts.push(`<span class="period">${escapeHtml(unit.period)}</span>`);
  if (unit.owner) parts.push(`<span class="owner">${escapeHtml(unit.owner)}</span>`);
  return parts.join(' · ');
}

function objectivesOf(unit: TreeUnit): TreeObjective[] {
  return Array.isArray(unit.objectives) ? unit.objectives : [];
}

function objectiveList(ctx: Context, unit: TreeUnit, objectives: TreeObjective[], open: boolean, served = new Set<string>()): string {
  if (objectives.length === 0) return para('empty', `${unit.title || unit.id} has no objectives yet.`);
  return `<ul class="objectives">${objectives.map((o) => objectiveBlock(ctx, unit, o, open, served)).join('')}</ul>`;
}

/** A unit above the focus: the objectives the chain below serves, the others folded away. */
function servedObjectives(ctx: Context, unit: TreeUnit, served: Set<string>): string {
  const all = objectivesOf(unit);
  if (all.length === 0) return objectiveList(ctx, unit, all, false);
  const mine = all.filter((o) => served.has(o.id));
  const others = all.filter((o) => !served.has(o.id));
  const count = `${others.length} other objective${others.length === 1 ? '' : 's'}`;
  return (
    (mine.length ? objectiveList(ctx, unit, mine, false, served) : para('empty', `No objective of ${unit.title || unit.id} is aligned to from below.`)) +
    (others.length
      ? `<details class="others" data-key="${escapeHtml(`others:${unit.file}`)}"><summary>${count}</summary>${objectiveList(ctx, unit, others, false)}</details>`
      : '')
  );
}

function objectiveBlock(ctx: Context, unit: TreeUnit, objective: TreeObjective, open: boolean, served: Set<string>): string {
  const progress = progressOf(objective.progress);
  const band = bandOf(objective.band);
  const meta: string[] = [];
  if (objective.owner) meta.push(`<span class="owner">Owner: ${escapeHtml(objective.owner)}</span>`);
  for (const ref of objective.aligns ?? []) meta.push(`<span class="aligns">Serves ${alignmentLabel(ctx, ref)}</span>`);
  const children = finite(objective.alignedChildren) ?? 0;
  if (children > 0) meta.push(`<span class="badge">${children} aligned below</span>`);
  const krs = Array.isArray(objective.krs) ? objective.krs : [];
  const krList = krs.length
    ? `<ul class="krs">${krs.map((kr) => krItem(ctx, unit, kr, served.has(`${objective.id}.${kr.id}`), objective.id)).join('')}</ul>`
    : para('empty', 'No key results yet.');
  return (
    `<li class="objective band-${band}${served.has(objective.id) ? ' served' : ''}">` +
    `<details data-key="${escapeHtml(`${unit.file}#${objective.id}`)}"${open ? ' open' : ''}>` +
    `<summary><span class="oid">${escapeHtml(objective.id)}</span>` +
    title(ctx, unit, objective.line, objective.title, 'objective-title', objective.id) +
    `<span class="meter">${progressBar(progress, band, `${objective.id} progress`)}${percent(progress, band)}</span></summary>` +
    (meta.length ? `<p class="objective-meta">${meta.join('')}</p>` : '') +
    krList +
    `</details></li>`
  );
}

function krItem(ctx: Context, unit: TreeUnit, kr: TreeKr, served: boolean, objectiveId: string): string {
  const progress = progressOf(kr.progress);
  const band = bandOf(kr.band);
  const values = `${formatQuantity(kr.baseline, kr.unit)} → ${formatQuantity(kr.current, kr.unit)} → ${formatQuantity(kr.target, kr.unit)}`;
  const tip = `Baseline ${formatQuantity(kr.baseline, kr.unit)} → current ${formatQuantity(kr.current, kr.unit)} → target ${formatQuantity(kr.target, kr.unit)}`;
  const extras: string[] = [];
  const confidence = progressOf(kr.confidence);
  if (confidence !== null) extras.push(`<span class="confidence" title="Confidence">conf. ${formatPercent(confidence)}</span>`);
  if (kr.kind === 'milestone') extras.push(`<span class="badge">${progress === 1 ? 'done' : 'milestone'}</span>`);
  else if ([kr.baseline, kr.current, kr.target].some((v) => finite(v) !== null)) extras.push(`<span class="values">${escapeHtml(values)}</span>`);
  const children = finite(kr.alignedChildren) ?? 0;
  if (children > 0) {
    const rolled = kr.rolledUp ? ', progress rolled up from them' : '';
    extras.push(`<span class="badge rollup" title="${children} child objective${children === 1 ? '' : 's'} align here${rolled}">${children} aligned${kr.rolledUp ? ' · rolled up' : ''}</span>`);
  }
  if (kr.owner) extras.push(`<span class="owner">${escapeHtml(kr.owner)}</span>`);
  const checkins = Array.isArray(kr.checkins) ? kr.checkins : [];
  const spark = sparkline(checkins, (c: TreeCheckIn) => `${c.date} ${formatQuantity(c.value, kr.unit)}${c.note ? ` (${c.note})` : ''}`);
  return (
    `<li class="kr band-${band}${served ? ' served' : ''}" title="${escapeHtml(tip)}">` +
    `<span class="kid">${escapeHtml(kr.id)}</span>` +
    title(ctx, unit, kr.line, kr.text, 'kr-text', `${objectiveId}.${kr.id}`) +
    `<span class="meter">${progressBar(progress, band, `${kr.id} progress`)}${percent(progress, band)}</span>` +
    `<span class="kr-meta">${spark}${extras.join('')}<span class="sr-only">${escapeHtml(tip)}</span></span></li>`
  );
}

/** A title; in the editor views a button that reveals its line (read by preview.js, no inline handler). */
function title(ctx: Context, unit: TreeUnit, line: number, text: string, cls: string, label?: string): string {
  const content = escapeHtml(text || '(untitled)');
  const at = finite(line);
  if (!ctx.interactive || at === null) return `<span class="${cls}">${content}</span>`;
  const aria = label ? ` aria-label="${escapeHtml(`Go to ${label}: ${text}`)}"` : '';
  return `<button type="button" class="${cls} reveal" data-uri="${escapeHtml(unit.file)}" data-line="${at}"${aria}>${content}</button>`;
}

function percent(progress: number | null, band: Band): string {
  return `<span class="pct">${formatPercent(progress)}</span><span class="band-label tone-${band}">${bandLabel(band)}</span>`;
}

function para(kind: string, text: string): string {
  return `<p class="${kind}">${escapeHtml(text)}</p>`;
}

/** `product#O1.KR2` → its parts; null for anything else. */
function parseRef(ref: string): { unit: string; objective: string | null; kr: string | null } | null {
  const match = /^([^#]*)#([^.#]+)(?:\.([^.#]+))?$/.exec(String(ref));
  return match ? { unit: match[1], objective: match[2] ?? null, kr: match[3] ?? null } : null;
}

/** "Product › O1 Title › KR2 (63%)" for a reference found in the tree, the raw text otherwise. */
function alignmentLabel(ctx: Context, ref: string): string {
  const target = parseRef(ref);
  const unit = target ? ctx.byId.get(target.unit) : undefined;
  const objective = unit?.objectives.find((o) => o.id === target?.objective);
  if (!unit || !objective) return `<span class="ref">${escapeHtml(ref)}</span>`;
  const kr = target?.kr ? objective.krs.find((k) => k.id === target.kr) : undefined;
  const progress = progressOf(kr ? kr.progress : objective.progress);
  const band = bandOf(kr ? kr.band : objective.band);
  const name = `${unit.title || unit.id} › ${objective.id} ${objective.title}${kr ? ` › ${kr.id}` : ''}`;
  return `<span class="ref band-${band}" title="${escapeHtml(ref)}">${escapeHtml(name)} <span class="pct">${formatPercent(progress)}</span></span>`;
}
