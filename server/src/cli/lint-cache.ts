// What `okr lint` keeps between runs and sends to the main thread, as compact tuples: the findings of a
// file and its cross-file view (the few parts of the model the workspace rules read), never the model.
// In the cache file every string is an index into one table, as messages and references repeat across
// files: about 2 KB a file (the models took 37 KB).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Directive, KeyResult, Objective, OkrDocument, Range, Reference, Severity } from '../core/model';
import { writeAtomic } from '../node/files';
import { rules } from '../rules/index';
import type { Finding, Fix } from '../rules/types';
import pkg from '../../../package.json';

/** How a view's strings are written: themselves (between threads) or as indexes into the cache file's table. */
export interface Strings<S> {
  put(s: string): S;
  get(s: S): string;
}

export const plainStrings: Strings<string> = { put: (s) => s, get: (s) => s };

/** Interns strings for writing a cache file; reads one back from its table. */
export class StringTable implements Strings<number> {
  private readonly index = new Map<string, number>();
  constructor(readonly strings: string[] = []) {}
  put(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  get(i: number): string {
    return this.strings[i];
  }
}

/** `[line, start, end]` on one line, else `[start line, start, end line, end]`. */
type CompactRange = [number, number, number] | [number, number, number, number];
/** title, safe (1/0), edits, snippet (1 when set). */
type CompactFix = [number, number, Array<[CompactRange, number]>, number?];
/**
 * rule id, severity, message, start line and character, end line and character (flat: one array less per finding
 * to parse), and the fixes as JSON when there are any (only JSON output and `--fix` read them).
 */
export type CompactFinding = [number, number, number, number, number, number, number, string?];
/** raw, unit, path, objective, kr, range. */
type CompactReference<S> = [S, S | null, S | null, S | null, S | null, CompactRange];
/** id, id range (0 when implicit), first line, references. */
type CompactKr<S> = [S, CompactRange | 0, CompactRange, ...CompactReference<S>[]];
/** id, id range (0 when implicit), heading, references, key results. */
type CompactObjective<S> = [S, CompactRange | 0, CompactRange, CompactReference<S>[], ...CompactKr<S>[]];
/** unit id, period (raw, start, end, range), parent, front matter (range, `id:` value range), objectives, directives, line count. */
export type CompactView<S> = [
  S,
  [S, S, S, CompactRange] | null,
  CompactReference<S> | null,
  [CompactRange, CompactRange | 0] | null,
  CompactObjective<S>[],
  Array<[S, S[], number, CompactRange]>,
  number,
];

const range = (r: Range): CompactRange => (r.start.line === r.end.line ? [r.start.line, r.start.character, r.end.character] : [r.start.line, r.start.character, r.end.line, r.end.character]);
const unrange = (c: CompactRange): Range =>
  c.length === 3 ? { start: { line: c[0], character: c[1] }, end: { line: c[0], character: c[2] } } : { start: { line: c[0], character: c[1] }, end: { line: c[2], character: c[3] } };

export function encodeFinding(f: Finding, t: StringTable): CompactFinding {
  const r = f.range;
  const c: CompactFinding = [t.put(f.ruleId), t.put(f.severity), t.put(f.message), r.start.line, r.start.character, r.end.line, r.end.character];
  if (f.fixes.length) {
    const fixes = f.fixes.map((x): CompactFix => {
      const edits = x.edits.map((e): [CompactRange, number] => [range(e.range), t.put(e.newText)]);
      return x.snippet ? [t.put(x.title), x.safe ? 1 : 0, edits, 1] : [t.put(x.title), x.safe ? 1 : 0, edits];
    });
    c.push(JSON.stringify(fixes));
  }
  return c;
}

/** Without `withFixes` the finding's fixes are left out (empty): for output that does not show them. */
export function decodeFinding(c: CompactFinding, t: StringTable, withFixes: boolean): Finding {
  const fixes = !withFixes || c[7] === undefined ? [] : (JSON.parse(c[7]) as CompactFix[]).map(([title, safe, edits, snippet]): Fix => {
    const fix: Fix = { title: t.get(title), edits: edits.map(([r, newText]) => ({ range: unrange(r), newText: t.get(newText) })), safe: safe === 1 };
    if (snippet) fix.snippet = true;
    return fix;
  });
  const range: Range = { start: { line: c[3], character: c[4] }, end: { line: c[5], character: c[6] } };
  return { ruleId: t.get(c[0]), severity: t.get(c[1]) as Severity, message: t.get(c[2]), range, fixes };
}

/**
 * The parts of a model that the workspace-scope rules, the workspace index and disable comments read:
 * unit id, period, parent, the front matter's `id:` position, objective and KR ids with their ranges and
 * references, and the directives. A test checks the workspace rules find the same on views as on models.
 */
export function encodeView<S>(doc: OkrDocument, t: Strings<S>): CompactView<S> {
  const orNull = (s: string | null) => (s === null ? null : t.put(s));
  const ref = (r: Reference): CompactReference<S> => [t.put(r.raw), orNull(r.unit), orNull(r.path), orNull(r.objective), orNull(r.kr), range(r.range)];
  const fm = doc.frontMatter;
  const idEntry = fm?.entries.find((e) => e.key === 'id');
  const p = doc.period;
  return [
    t.put(doc.unitId),
    p ? [t.put(p.raw), t.put(p.start), t.put(p.end), range(p.range)] : null,
    doc.parent ? ref(doc.parent) : null,
    fm ? [range(fm.range), idEntry ? range(idEntry.valueRange) : 0] : null,
    doc.objectives.map((o): CompactObjective<S> => [
      t.put(o.id),
      o.idRange ? range(o.idRange) : 0,
      range(o.headingRange),
      o.aligns.map(ref),
      ...o.krs.map((k): CompactKr<S> => [t.put(k.id), k.idRange ? range(k.idRange) : 0, range(k.lineRange), ...k.aligns.map(ref)]),
    ]),
    doc.directives.map((d) => [t.put(d.kind), d.ruleIds.map((id) => t.put(id)), d.line, range(d.range)]),
    doc.lineCount,
  ];
}

/** A model holding only what encodeView kept; every other field is empty. */
export function decodeView<S>(c: CompactView<S>, t: Strings<S>): OkrDocument {
  const [unitId, period, parent, frontMatter, objectives, directives, lineCount] = c;
  const orNull = (s: S | null) => (s === null ? null : t.get(s));
  const ref = (r: CompactReference<S>): Reference => ({ raw: t.get(r[0]), unit: orNull(r[1]), path: orNull(r[2]), objective: orNull(r[3]), kr: orNull(r[4]), range: unrange(r[5]) });
  const kr = ([id, idRange, lineRange, ...aligns]: CompactKr<S>): KeyResult => ({
    id: t.get(id),
    explicitId: idRange !== 0,
    text: '',
    kind: 'metric',
    done: false,
    metric: { form: 'none', baseline: null, target: null, change: null, factor: null, direction: null, unit: null },
    current: null,
    confidence: null,
    owner: null,
    weight: null,
    score: null,
    checkins: [],
    attributes: [],
    range: unrange(lineRange),
    lineRange: unrange(lineRange),
    textRange: unrange(lineRange),
    idRange: idRange === 0 ? null : unrange(idRange),
    aligns: aligns.map(ref),
  });
  const objective = ([id, idRange, headingRange, aligns, ...krs]: CompactObjective<S>): Objective => ({
    id: t.get(id),
    explicitId: idRange !== 0,
    title: '',
    level: 2,
    range: unrange(headingRange),
    headingRange: unrange(headingRange),
    titleRange: unrange(headingRange),
    idRange: idRange === 0 ? null : unrange(idRange),
    attributes: [],
    aligns: aligns.map(ref),
    owner: null,
    weight: null,
    tags: [],
    krs: krs.map(kr),
  });
  const unit = t.get(unitId);
  const idRange = frontMatter?.[1];
  return {
    unitId: unit,
    title: unit,
    owner: null,
    period: period ? { raw: t.get(period[0]), start: t.get(period[1]), end: t.get(period[2]), range: unrange(period[3]) } : null,
    parent: parent ? ref(parent) : null,
    scoring: '0-1',
    frontMatter: frontMatter
      ? { range: unrange(frontMatter[0]), entries: idRange ? [{ key: 'id', value: unit, keyRange: unrange(idRange), valueRange: unrange(idRange) }] : [], data: null }
      : null,
    objectives: objectives.map(objective),
    directives: directives.map(([kind, ruleIds, line, r]) => ({ kind: t.get(kind) as Directive['kind'], ruleIds: ruleIds.map((id) => t.get(id)), line, range: unrange(r) })),
    problems: [],
    lineCount,
  };
}

/** The reported findings of a file as indexes into its raw ones (file then cross-file), or a finding of their own. */
export function encodeReported(reported: Finding[], raw: Finding[], t: StringTable): Array<number | CompactFinding> {
  const index = new Map(raw.map((f, i) => [f, i]));
  return reported.map((f) => index.get(f) ?? encodeFinding(f, t));
}

export function decodeReported(reported: Array<number | CompactFinding>, raw: Finding[], t: StringTable, withFixes: boolean): Finding[] {
  return reported.map((r) => (typeof r === 'number' ? raw[r] : decodeFinding(r, t, withFixes)));
}

/**
 * One file: size and modification time, sha1 of the text (decides when those differ), the key of the
 * configuration and date the findings were computed with, the index of its view, the file-rule and
 * workspace-rule findings before disable comments, and the reported findings (see encodeReported).
 */
export type CacheEntry = [number, number, string, string, number, CompactFinding[], CompactFinding[], Array<number | CompactFinding>];

export interface LintCache {
  version: string;
  /** Hash of every file's path and configuration key: the cross-file findings hold only for the same set. */
  workspaceKey: string;
  strings: string[];
  entries: Record<string, CacheEntry>;
}

export interface StoredCache {
  cache: LintCache;
  /** The views, parsed on first call (a warm run with nothing changed never asks); null when damaged. */
  views(): Array<CompactView<number>> | null;
}

/** Changes with the CLI version, the rule set or this format: any of them makes an older cache empty. */
const CACHE_VERSION = `okr-lint-cache/3 ${pkg.version} ${rules.map((r) => r.meta.id).join(',')}`;

export const emptyCache = (): LintCache => ({ version: CACHE_VERSION, workspaceKey: '', strings: [], entries: {} });

/**
 * The file is two lines of JSON: the cache, then the views. A missing, corrupt or foreign cache is an empty one.
 */
export function readCache(path: string): StoredCache {
  try {
    const text = readFileSync(path, 'utf8');
    const split = text.indexOf('\n');
    const data = JSON.parse(split < 0 ? text : text.slice(0, split)) as LintCache;
    if (data?.version === CACHE_VERSION && typeof data.workspaceKey === 'string' && Array.isArray(data.strings) && data.entries && typeof data.entries === 'object') {
      let views: Array<CompactView<number>> | null | undefined;
      return {
        cache: data,
        views: () => {
          if (views === undefined) {
            try {
              const parsed = JSON.parse(text.slice(split + 1)) as unknown;
              views = Array.isArray(parsed) ? (parsed as Array<CompactView<number>>) : null;
            } catch {
              views = null;
            }
          }
          return views;
        },
      };
    }
  } catch {
    // fall through: start afresh
  }
  return { cache: emptyCache(), views: () => null };
}

/** True when an entry read from disk has the shape this version writes (a hand-edited cache may not). */
export function wellFormed(e: CacheEntry | undefined): e is CacheEntry {
  return Array.isArray(e) && e.length === 8 && typeof e[0] === 'number' && typeof e[1] === 'number' && typeof e[2] === 'string' && typeof e[3] === 'string' && typeof e[4] === 'number' && [5, 6, 7].every((i) => Array.isArray(e[i]));
}

/** Writes the cache atomically; failing to write it must not fail the lint. */
export function writeCache(path: string, cache: LintCache, views: Array<CompactView<number>>): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeAtomic(path, `${JSON.stringify(cache)}\n${JSON.stringify(views)}`, null);
  } catch {
    // The cache is an optimisation.
  }
}
