// Runs the rules over one document: configured severities, inline disable comments, and a
// rule that throws becomes one `internal-error` finding naming it while the others still run.
import type { Directive, Objective, OkrDocument, Range, Severity } from '../core/model';
import { defaultConfig, type ResolvedConfig } from '../core/config';
import { eolOf } from '../core/fixes';
import { isSharedSection, sectionIdentity, shifted, splitLines } from '../core/parse';
import { prefixLength } from '../core/lines';
import { rules, UNUSED_DIRECTIVE_ID, INTERNAL_ERROR_ID } from './index';
import type { OkrWorkspace } from '../core/workspace';
import type { Finding, Fix, Report, Rule, RuleContext } from './types';
import { textMemo } from './util';

export interface LintOptions {
  config?: ResolvedConfig;
  path?: string;
  workspace?: OkrWorkspace;
  /** `YYYY-MM-DD`; defaults to the current date. */
  today?: string;
  /** Which rules to run (default both): lets a caller cache file findings and recompute only workspace ones. */
  scopes?: Array<'file' | 'workspace'>;
  /**
   * Reuse the findings of `perObjective` rules for objectives whose section is unchanged: a document re-parsed
   * with a SectionCache keeps those sections' models, so a keystroke re-checks only the edited section.
   * Default: with a session, or when the document was parsed with a SectionCache (other models would only fill the memo).
   */
  reuse?: boolean;
  /** The last run over this document (same scopes): lets this run check again only what changed since. */
  session?: LintSession;
}

/** A rule as configured for one run: its level, context, and a report function that records into a list. */
interface ActiveRule {
  rule: Rule;
  level: Severity;
  ctx: RuleContext;
  into(list: Finding[]): Report;
}

/** One rule's findings for one objective, or what the rule threw. */
type RuleResult = Finding[] | { thrown: unknown };

/** The findings of every perObjective rule for one objective, in the order of the rules. */
interface SectionFindings {
  /** The run's settings (see `Settings`) these were found with. */
  settings: number;
  keys: string[];
  id: string;
  /** The line of the objective's heading when they were found. */
  line: number;
  byRule: RuleResult[];
  /** All of them in the order findings are reported (`byPosition`); null when a rule threw. */
  sorted: Finding[] | null;
}

/** What the perObjective rules' findings depend on besides the section: one key per rule, and a number for all of them. */
interface Settings {
  id: number;
  keys: string[];
}

/**
 * The last run over one document, kept by the caller between runs (one per open document and set of scopes): the
 * next run compares the document with it to check again only the objectives whose section changed, and to keep the
 * ids version while no id changed.
 */
export class LintSession {
  last: LastRun | null = null;
}

interface LastRun extends Flat {
  doc: OkrDocument;
  idsVersion: number;
  /** The settings id of the perObjective rules. */
  settings: number;
  sections: SectionFindings[];
}

/** Each known rule id's place in `localeCompare` order (equal places for ids it finds equal): comparing two places is much faster. */
const ruleIdRank = new Map<string, number>();
[...rules.map((r) => r.meta.id), INTERNAL_ERROR_ID, UNUSED_DIRECTIVE_ID]
  .sort((a, b) => a.localeCompare(b))
  .forEach((id, i, ids) => ruleIdRank.set(id, i > 0 && ids[i - 1].localeCompare(id) === 0 ? ruleIdRank.get(ids[i - 1])! : i));

function compareRuleIds(a: string, b: string): number {
  const rankA = ruleIdRank.get(a);
  const rankB = ruleIdRank.get(b);
  return rankA !== undefined && rankB !== undefined ? rankA - rankB : a.localeCompare(b);
}

/** The order of reported findings. */
function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareRuleIds(a.ruleId, b.ruleId);
}

/** By the identity of the objective's section (`sectionIdentity`), else by its KR list. */
const objectiveFindings = new WeakMap<object, SectionFindings>();

let settingsCount = 0;
/** A number per distinct settings string: compared once per objective on every keystroke, a string compare showed in profiles. */
const settingsId = textMemo(() => settingsCount++);

/** Ids versions are numbered across all documents, so two documents never share one. */
let idsVersions = 0;

function check(run: ActiveRule, ctx: RuleContext, part: 'check' | 'checkDocument'): RuleResult {
  const found: Finding[] = [];
  try {
    run.rule[part]?.(ctx, run.into(found));
    return found;
  } catch (thrown) {
    return { thrown };
  }
}

/**
 * The perObjective rules' findings for one objective: kept while its section, positional id and the settings are
 * unchanged; when only some rules' settings changed, only those check it again.
 */
function sectionFindings(objective: Objective, perObjective: ActiveRule[], settings: Settings, kept: SectionFindings | undefined): SectionFindings {
  // Positional ids (O3) can change while the section stays the same: they are checked too.
  if (kept?.id !== objective.id) kept = undefined;
  if (kept?.settings === settings.id) return kept;
  const byRule = perObjective.map((active, i) => (kept?.keys[i] === settings.keys[i] ? kept.byRule[i] : check(active, { ...active.ctx, objectives: [objective] }, 'check')));
  const fresh = { settings: settings.id, keys: settings.keys, id: objective.id, line: objective.headingRange.start.line, byRule, sorted: sortedOf(byRule) };
  objectiveFindings.set(sectionIdentity(objective) ?? objective.krs, fresh);
  return fresh;
}

/**
 * The findings kept for the objective's section, found by the section's identity: a section moved by lines typed above
 * it is the same text, so its findings are moved with it instead of being found again.
 */
function keptFindings(objective: Objective): SectionFindings | undefined {
  const kept = objectiveFindings.get(sectionIdentity(objective) ?? objective.krs);
  const line = objective.headingRange.start.line;
  if (!kept || kept.line === line) return kept;
  // Moved like the section's model (a rule that threw has nothing to move: it is checked again).
  if (!kept.sorted) return undefined;
  const byRule = shifted(kept.byRule, line - kept.line);
  return { ...kept, line, byRule, sorted: sortedOf(byRule) };
}

/** All of a section's findings in reported order; null when a rule threw. */
function sortedOf(byRule: RuleResult[]): Finding[] | null {
  return byRule.every((found) => Array.isArray(found)) ? (byRule as Finding[][]).flat().sort(byPosition) : null;
}

let defaults: ResolvedConfig | null = null;
function configOf(options: LintOptions): ResolvedConfig {
  return options.config ?? (defaults ??= defaultConfig(rules.map((r) => r.meta)));
}

/** Each rule's default options, built once. */
const defaultOptions = new WeakMap<Rule, Record<string, unknown>>();
/** Options objects as text, for the settings key: a configuration keeps its objects between runs. */
const optionsText = new WeakMap<object, string>();

function optionsOf(rule: Rule, configured: Record<string, unknown> | undefined): Record<string, unknown> {
  if (configured) return configured;
  let options = defaultOptions.get(rule);
  if (!options) defaultOptions.set(rule, (options = Object.fromEntries(Object.entries(rule.meta.options).map(([k, o]) => [k, o.default]))));
  return options;
}

function textOfOptions(options: Record<string, unknown>): string {
  let text = optionsText.get(options);
  if (text === undefined) optionsText.set(options, (text = JSON.stringify(options)));
  return text;
}

/** Today in the machine's time zone: check-ins are written in local dates. */
export function isoToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function clampRange(r: Range, lines: string[]): Range {
  const clamp = (p: Range['start']) => {
    const line = Math.max(0, Math.min(p.line, lines.length - 1));
    return { line, character: Math.max(0, Math.min(p.character, lines[line].length)) };
  };
  return { start: clamp(r.start), end: clamp(r.end) };
}

function internalError(rule: Rule, e: unknown, lines: string[]): Finding {
  return {
    ruleId: INTERNAL_ERROR_ID,
    severity: 'error',
    message: `Rule '${rule.meta.id}' failed on this file (${e instanceof Error ? e.message : String(e)}); its findings are missing. Please report this with the file.`,
    range: clampRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, lines),
    fixes: [],
  };
}

/**
 * Runs the enabled rules and returns their findings with configured severities, before disable comments, in the
 * order they are reported (`byPosition`).
 */
export function runRules(doc: OkrDocument, text: string, options: LintOptions = {}): Finding[] {
  const config = configOf(options);
  // The text the parser has just split (rules only read `ctx.lines`).
  const lines = splitLines(text);
  // Once per document, not per rule: it scans the whole text (5.6% of keystroke time when it ran per rule).
  const eol = eolOf(text);
  const today = options.today ?? isoToday();
  const scopes = options.scopes ?? ['file', 'workspace'];
  const session = options.session;
  const last = session?.last;
  const reuse = options.reuse ?? (session !== undefined || doc.objectives.some(isSharedSection));
  // The objectives that changed since the last run, found by pointer; ids are compared only there.
  const changed = last ? changedObjectives(last.doc.objectives, doc.objectives) : null;
  const idsVersion = last && sameIds(last.doc, doc, changed) ? last.idsVersion : ++idsVersions;
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    const level = setting?.level ?? rule.meta.severity;
    if (level === 'off' || !scopes.includes(rule.meta.scope)) continue;
    const ctx: RuleContext = { doc, objectives: doc.objectives, idsVersion, text, lines, eol, path: options.path, workspace: options.workspace, today, options: optionsOf(rule, setting?.options) };
    const into = (list: Finding[]): Report => (f) => {
      // A rule may lower a finding to a hint (unknown front-matter keys); configured levels win otherwise.
      const severity: Severity = f.severity && level === rule.meta.severity ? f.severity : level;
      list.push({ ruleId: rule.meta.id, severity, message: f.message, range: clampRange(f.range, lines), fixes: f.fixes ?? [] });
    };
    active.push({ rule, level, ctx, into });
  }
  const perObjective = reuse ? active.filter((a) => a.rule.meta.perObjective) : [];
  const keys = perObjective.map(({ rule, level, ctx }) => {
    const also = typeof rule.meta.perObjective === 'object' ? rule.meta.perObjective.alsoDependsOn(ctx) : '';
    return `${rule.meta.id}\0${level}\0${textOfOptions(ctx.options)}\0${also}\0${eol}`;
  });
  const settings: Settings = { id: settingsId(keys.join('\n')), keys };
  // Objective by objective: the last run's findings when the section is the same one, else those kept for its section.
  const sections = perObjective.length ? findingsBySection(doc, perObjective, settings, last?.settings === settings.id ? last : null, changed) : { list: [], changed: null };
  // A last run is kept only when every section's findings were sorted (no rule threw): then only the changed ones need a look.
  const presorted = sections.changed ? sections.changed.every((i) => sections.list[i].sorted !== null) : sections.list.every((section) => section.sorted !== null);
  const flat = presorted ? patchedFlat(sections.list, sections.changed, last) ?? concatSections(sections.list) : null;
  if (session) session.last = perObjective.length && flat ? { doc, idsVersion, settings: settings.id, sections: sections.list, ...flat } : null;

  // Rules that look at the document as a whole, and the document-wide part of perObjective ones.
  const whole: Finding[] = [];
  const broken = new Set<ActiveRule>();
  for (const a of active) {
    const parts = perObjective.includes(a) ? [check(a, a.ctx, 'checkDocument')] : [check(a, a.ctx, 'check'), check(a, a.ctx, 'checkDocument')];
    for (const part of parts) {
      if (Array.isArray(part)) whole.push(...part);
      else if (!broken.has(a)) {
        broken.add(a);
        whole.push(internalError(a.rule, part.thrown, lines));
      }
    }
  }
  if (!flat || broken.size) return fromParts(perObjective, sections.list, whole, broken, lines).sort(byPosition);
  return insertSorted(flat.flat, whole.sort(byPosition));
}

/** Whether two versions of a document declare the same ids; `changed`: where their objectives differ, when known. */
function sameIds(a: OkrDocument, b: OkrDocument, changed: number[] | null): boolean {
  if (a.unitId !== b.unitId || a.objectives.length !== b.objectives.length) return false;
  const same = (i: number) => {
    const o = a.objectives[i];
    const p = b.objectives[i];
    return o === p || (o.id === p.id && (o.krs === p.krs || (o.krs.length === p.krs.length && o.krs.every((kr, j) => kr.id === p.krs[j].id))));
  };
  return changed ? changed.every(same) : a.objectives.every((_, i) => same(i));
}

/**
 * The indices where two lists of objectives hold different objects, or null when their lengths differ. Compared by
 * pointer, without reading the objectives: on a large document, touching each one costs more than the edit.
 */
function changedObjectives(before: Objective[], after: Objective[]): number[] | null {
  if (before.length !== after.length) return null;
  const changed: number[] = [];
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) changed.push(i);
  return changed;
}

/**
 * Each objective's SectionFindings; with the last run at the same settings and the indices of the objectives that
 * changed since, only theirs are looked up (`changed`), the others taken as they were.
 */
function findingsBySection(doc: OkrDocument, perObjective: ActiveRule[], settings: Settings, last: LastRun | null, changed: number[] | null): { list: SectionFindings[]; changed: number[] | null } {
  const objectives = doc.objectives;
  const lastObjectives = last?.doc.objectives;
  const lookUp = (i: number) => {
    const objective = objectives[i];
    const kept = lastObjectives?.[i]?.krs === objective.krs ? last!.sections[i] : keptFindings(objective);
    return sectionFindings(objective, perObjective, settings, kept);
  };
  if (!last || !changed) return { list: objectives.map((_, i) => lookUp(i)), changed: null };
  const list = last.sections.slice();
  for (const i of changed) list[i] = lookUp(i);
  return { list, changed };
}

/** Every section's findings in a row, in reported order, and where each section's begin (`starts[i]`, then the end). */
interface Flat {
  flat: Finding[];
  starts: number[];
}

/** Every section's findings in a row: already in order when each section's come before the next one's. */
function concatSections(sections: SectionFindings[]): Flat {
  const flat: Finding[] = [];
  const starts: number[] = [0];
  let ordered = true;
  for (const section of sections) {
    const found = section.sorted!;
    if (found.length && flat.length && byPosition(flat[flat.length - 1], found[0]) > 0) ordered = false;
    for (let i = 0; i < found.length; i++) flat.push(found[i]);
    starts.push(flat.length);
  }
  // Out of order only if a rule reported outside its section: then `starts` no longer tells where a section's are.
  return ordered ? { flat, starts } : { flat: flat.sort(byPosition), starts: [] };
}

/**
 * The last run's flat list with the changed sections' findings put in place of theirs: copying runs of the list costs
 * far less than reading every finding again. Null when there is no last list to patch.
 */
function patchedFlat(sections: SectionFindings[], changed: number[] | null, last: LastRun | null | undefined): Flat | null {
  if (!changed || !last || last.starts.length !== sections.length + 1) return null;
  const runs: Finding[][] = [];
  const starts = last.starts.slice();
  let copiedTo = 0;
  let shift = 0;
  changed.forEach((section, k) => {
    const found = sections[section].sorted!;
    runs.push(last.flat.slice(copiedTo, last.starts[section]), found);
    copiedTo = last.starts[section + 1];
    shift += found.length - (last.starts[section + 1] - last.starts[section]);
    const until = k + 1 < changed.length ? changed[k + 1] : sections.length;
    if (shift) for (let i = section + 1; i <= until; i++) starts[i] += shift;
  });
  runs.push(last.flat.slice(copiedTo));
  const flat = ([] as Finding[]).concat(...runs);
  // In order when each changed section's findings fit between the findings around them.
  for (const section of changed) {
    const from = starts[section];
    const to = starts[section + 1];
    if (from === to) continue;
    if ((from > 0 && byPosition(flat[from - 1], flat[from]) > 0) || (to < flat.length && byPosition(flat[to - 1], flat[to]) > 0)) return concatSections(sections);
  }
  return { flat, starts };
}

/** `few` (sorted) put into a copy of `sorted` where they belong, each found by binary search; many are merged in one pass. */
function insertSorted(sorted: Finding[], few: Finding[]): Finding[] {
  if (few.length > 16) return mergeSorted(sorted, few);
  const out = sorted.slice();
  for (let k = few.length - 1; k >= 0; k--) out.splice(prefixLength(sorted.length, (i) => byPosition(sorted[i], few[k]) <= 0), 0, few[k]);
  return out;
}

/** Two lists in reported order as one. */
function mergeSorted(a: Finding[], b: Finding[]): Finding[] {
  if (!b.length) return a;
  const out: Finding[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPosition(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** The findings when a rule threw: a rule that threw anywhere reports one internal error and none of its findings. */
function fromParts(perObjective: ActiveRule[], sections: SectionFindings[], whole: Finding[], broken: Set<ActiveRule>, lines: string[]): Finding[] {
  const findings: Finding[] = [];
  perObjective.forEach((a, index) => {
    const thrown = broken.has(a) ? null : sections.find((section) => !Array.isArray(section.byRule[index]));
    if (!thrown) return;
    broken.add(a);
    findings.push(internalError(a.rule, (thrown.byRule[index] as { thrown: unknown }).thrown, lines));
  });
  const brokenIds = new Set([...broken].map((a) => a.rule.meta.id));
  for (const f of whole) if (!brokenIds.has(f.ruleId)) findings.push(f);
  perObjective.forEach((a, index) => {
    if (broken.has(a)) return;
    for (const section of sections) findings.push(...(section.byRule[index] as Finding[]));
  });
  return findings;
}

const applies = (d: Directive, ruleId: string) => d.ruleIds.length === 0 || d.ruleIds.includes(ruleId);

/**
 * Drops findings that inline comments disable and, when configured, reports comments that
 * suppressed nothing (with a safe fix that removes them). Returns them in reported order.
 */
export function applyDirectives(doc: OkrDocument, text: string, findings: Finding[], config: ResolvedConfig = defaults ?? configOf({})): Finding[] {
  return withDirectives(doc, text, findings.slice().sort(byPosition), config);
}

/** applyDirectives for findings already in reported order (which it keeps); `sorted` may be returned. */
function withDirectives(doc: OkrDocument, text: string, sorted: Finding[], config: ResolvedConfig): Finding[] {
  // Most files have no directive: then every finding stays, without a look per finding.
  if (!doc.directives.length) return sorted;
  const directives = [...doc.directives].sort((a, b) => a.line - b.line || a.range.start.character - b.range.start.character);
  const used = new Set<Directive>();
  const kept: Finding[] = [];
  for (const f of sorted) {
    const line = f.range.start.line;
    let by: Directive | null = null;
    for (const d of directives) {
      if (!applies(d, f.ruleId)) continue;
      if (d.kind === 'disable-file' || (d.kind === 'disable-line' && d.line === line) || (d.kind === 'disable-next-line' && d.line + 1 === line)) {
        by = d;
        break;
      }
    }
    if (!by) {
      // Block comments: the last disable/enable before the finding's line decides.
      for (const d of directives) {
        if (d.line >= line) break;
        if (d.kind === 'disable' && applies(d, f.ruleId)) by = d;
        else if (d.kind === 'enable' && applies(d, f.ruleId)) by = null;
      }
    }
    if (by) used.add(by);
    else kept.push(f);
  }
  const level = config.reportUnusedDisableDirectives;
  const unused: Finding[] = [];
  if (level !== 'off') {
    const lines = splitLines(text);
    for (const d of directives) {
      if (d.kind === 'enable' || used.has(d)) continue;
      const what = d.ruleIds.length ? d.ruleIds.map((id) => `'${id}'`).join(', ') : 'all rules';
      unused.push({
        ruleId: UNUSED_DIRECTIVE_ID,
        severity: level,
        message: `This okr-${d.kind} comment for ${what} suppresses nothing; remove it.`,
        range: d.range,
        fixes: [removeComment(d, lines)],
      });
    }
  }
  return mergeSorted(kept, unused.sort(byPosition));
}

function removeComment(d: Directive, lines: string[]): Fix {
  const line = lines[d.range.start.line] ?? '';
  const alone = line.trim() === line.slice(d.range.start.character, d.range.end.character).trim();
  const isLast = d.range.start.line === lines.length - 1;
  const range: Range = alone
    ? isLast && d.range.start.line > 0
      ? { start: { line: d.range.start.line - 1, character: (lines[d.range.start.line - 1] ?? '').length }, end: { line: d.range.start.line, character: line.length } }
      : { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line + (isLast ? 0 : 1), character: isLast ? line.length : 0 } }
    : d.range;
  return { title: 'Remove the unused disable comment', edits: [{ range, newText: '' }], safe: true };
}

/** Lints one parsed document: file rules, workspace rules (when a workspace is given), severities and disable comments. */
export function lintDocument(doc: OkrDocument, text: string, options: LintOptions = {}): Finding[] {
  return withDirectives(doc, text, runRules(doc, text, options), configOf(options));
}
