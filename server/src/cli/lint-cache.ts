// What `okr lint` keeps between runs and sends to the main thread, as compact tuples: the findings of a
// file (flat lists of numbers, which the output formats read too) and its cross-file view (the few parts
// of the model the workspace rules read), never the model. In the cache file every string is an index
// into one table, as messages and references repeat across files: a few KB a file (the models took 37 KB).
import { mkdirSync, readFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
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

/** Strings for output only: appended without looking for an equal one (the look-ups of a table cost a cold run of 10,000 files 150 ms). */
export class AppendedStrings implements Strings<number> {
  readonly strings: string[] = [];
  put(s: string): number {
    return this.strings.push(s) - 1;
  }
  get(i: number): string {
    return this.strings[i];
  }
}

/** `[line, start, end]` on one line, else `[start line, start, end line, end]`. */
type CompactRange = [number, number, number] | [number, number, number, number];
/** title, safe (1/0), edits, snippet (1 when set). */
type CompactFix = [number, number, Array<[CompactRange, number]>, number?];

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

/** How many numbers a finding takes in FlatFindings. */
export const FINDING_SIZE = 8;

/**
 * Findings as one list of numbers, FINDING_SIZE each: rule id, severity and message (indexes into a string
 * table), start line and character, end line and character, and the index of the fixes' JSON (-1: no fix).
 * One array per file rather than objects per finding: a warm run prints them as read, without building
 * a hundred thousand findings (and collecting them again).
 */
export type FlatFindings = number[];

/** A table of strings to read flat findings with. */
export type StringList = readonly string[];

const range = (r: Range): CompactRange => (r.start.line === r.end.line ? [r.start.line, r.start.character, r.end.character] : [r.start.line, r.start.character, r.end.line, r.end.character]);
const unrange = (c: CompactRange): Range =>
  c.length === 3 ? { start: { line: c[0], character: c[1] }, end: { line: c[0], character: c[2] } } : { start: { line: c[0], character: c[1] }, end: { line: c[2], character: c[3] } };

/** Without `withFixes` the fixes are left out (-1), for output that does not show them. */
export function encodeFindings(findings: readonly Finding[], t: Strings<number>, withFixes = true): FlatFindings {
  const flat: FlatFindings = [];
  for (const f of findings) {
    const r = f.range;
    let fixes = -1;
    if (withFixes && f.fixes.length) {
      const compact = f.fixes.map((x): CompactFix => {
        const edits = x.edits.map((e): [CompactRange, number] => [range(e.range), t.put(e.newText)]);
        return x.snippet ? [t.put(x.title), x.safe ? 1 : 0, edits, 1] : [t.put(x.title), x.safe ? 1 : 0, edits];
      });
      fixes = t.put(JSON.stringify(compact));
    }
    flat.push(t.put(f.ruleId), t.put(f.severity), t.put(f.message), r.start.line, r.start.character, r.end.line, r.end.character, fixes);
  }
  return flat;
}

/** The finding at `at` (a multiple of FINDING_SIZE) as an object, with its fixes. */
export function decodeFinding(flat: FlatFindings, at: number, strings: StringList): Finding {
  const json = flat[at + 7];
  const fixes = json < 0 ? [] : (JSON.parse(strings[json]) as CompactFix[]).map(([title, safe, edits, snippet]): Fix => {
    const fix: Fix = { title: strings[title], edits: edits.map(([r, newText]) => ({ range: unrange(r), newText: strings[newText] })), safe: safe === 1 };
    if (snippet) fix.snippet = true;
    return fix;
  });
  const range: Range = { start: { line: flat[at + 3], character: flat[at + 4] }, end: { line: flat[at + 5], character: flat[at + 6] } };
  return { ruleId: strings[flat[at]], severity: strings[flat[at + 1]] as Severity, message: strings[flat[at + 2]], range, fixes };
}

export function decodeFindings(flat: FlatFindings, strings: StringList): Finding[] {
  const findings: Finding[] = [];
  for (let at = 0; at < flat.length; at += FINDING_SIZE) findings.push(decodeFinding(flat, at, strings));
  return findings;
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
    problems: [],
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

/**
 * One file: size and modification time, sha1 of the text (decides when those differ), the key of the
 * configuration and date the findings were computed with, the index of its CacheDetail, and the reported
 * findings (after disable comments): all a run with nothing changed reads.
 */
export type CacheEntry = [number, number, string, string, number, FlatFindings];

/** What only a run with changes reads of a file: its view, the file-rule and the workspace-rule findings before disable comments. */
export type CacheDetail = [CompactView<number>, FlatFindings, FlatFindings];

export interface LintCache {
  version: string;
  /** Hash of every file's path and configuration key: the cross-file findings hold only for the same set. */
  workspaceKey: string;
  /** The strings of the reported findings, which a run with nothing changed prints (the rest come with the details). */
  strings: string[];
  entries: Record<string, CacheEntry>;
}

/** The second line of the cache file: the rest of the string table, and each file's CacheDetail. */
export interface LintCacheDetails {
  strings: string[];
  details: CacheDetail[];
}

export interface StoredCache {
  cache: LintCache;
  /**
   * The details, parsed on first call (a warm run with nothing changed never asks), null when damaged;
   * `cache.strings` then holds the whole table.
   */
  details(): CacheDetail[] | null;
}

/** Changes with the CLI version, the rule set or this format: any of them makes an older cache empty. */
const CACHE_VERSION = `okr-lint-cache/4 ${pkg.version} ${rules.map((r) => r.meta.id).join(',')}`;

export const emptyCache = (): LintCache => ({ version: CACHE_VERSION, workspaceKey: '', strings: [], entries: {} });

/**
 * The cache is written in ASCII (JSON escapes for the rest), read as Latin-1: decoding is a copy, and JSON.parse
 * reads one byte a character (a message with '→' made the whole text two-byte and slower to parse).
 */
const asciiJson = (value: unknown): string => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const decode = (bytes: Buffer): string => bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');

/**
 * The file is two lines of JSON: the cache, then the details. A missing, corrupt or foreign cache is an empty one.
 */
export function readCache(path: string): StoredCache {
  try {
    // As bytes: only the first line is decoded unless the details are asked for.
    const bytes = readFileSync(path);
    const split = bytes.indexOf(10);
    const data = JSON.parse(decode(bytes.subarray(0, split < 0 ? bytes.length : split))) as LintCache;
    if (data?.version === CACHE_VERSION && typeof data.workspaceKey === 'string' && Array.isArray(data.strings) && data.entries && typeof data.entries === 'object') {
      let details: CacheDetail[] | null | undefined;
      return {
        cache: data,
        details: () => {
          if (details === undefined) {
            try {
              const parsed = split < 0 ? null : (JSON.parse(decode(bytes.subarray(split + 1))) as LintCacheDetails | null);
              details = parsed && Array.isArray(parsed.strings) && Array.isArray(parsed.details) ? parsed.details : null;
              if (details) data.strings = data.strings.concat(parsed!.strings);
            } catch {
              details = null;
            }
          }
          return details;
        },
      };
    }
  } catch {
    // fall through: start afresh
  }
  return { cache: emptyCache(), details: () => null };
}

/** True when an entry read from disk has the shape this version writes (a hand-edited cache may not). */
export function wellFormed(e: CacheEntry | undefined): e is CacheEntry {
  return Array.isArray(e) && e.length === 6 && typeof e[0] === 'number' && typeof e[1] === 'number' && typeof e[2] === 'string' && typeof e[3] === 'string' && typeof e[4] === 'number' && Array.isArray(e[5]);
}

export function wellFormedDetail(d: CacheDetail | undefined): d is CacheDetail {
  return Array.isArray(d) && d.length === 3 && Array.isArray(d[0]) && Array.isArray(d[1]) && Array.isArray(d[2]);
}

/** Writes the cache atomically; failing to write it must not fail the lint. */
export function writeCache(path: string, cache: LintCache, details: LintCacheDetails): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeAtomic(path, `${asciiJson(cache)}\n${asciiJson(details)}`, null);
  } catch {
    // The cache is an optimisation.
  }
}
