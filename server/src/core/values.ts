// Numbers, units and the metric movement of a key result statement.
// Everything works on one line of text; `at` is where that text starts in the document, so every
// quantity carries its exact range.

import type { Confidence, Direction, MetricSpec, Position, Quantity, Range } from './model';

const CURRENCY_SYMBOLS: Record<string, string> = {
  $: '$', '€': '€', '£': '£', '¥': '¥', '₹': '₹', usd: '$', eur: '€', gbp: '£', jpy: '¥', inr: '₹',
};

/** Unit spellings → normalised unit. Order of the regex alternatives below matters (longest first). */
const UNIT_ALIASES: Record<string, string> = {
  '%': '%', percent: '%',
  pp: 'pp', 'percentage points': 'pp', 'percentage point': 'pp',
  pts: 'pts', pt: 'pts', points: 'pts', point: 'pts',
  ms: 'ms', milliseconds: 'ms', millisecond: 'ms',
  s: 's', sec: 's', secs: 's', seconds: 's', second: 's',
  min: 'min', mins: 'min', minutes: 'min', minute: 'min',
  h: 'h', hr: 'h', hrs: 'h', hours: 'h', hour: 'h',
  d: 'days', day: 'days', days: 'days',
  wk: 'weeks', wks: 'weeks', week: 'weeks', weeks: 'weeks',
  x: 'x', '×': 'x',
  usd: '$', eur: '€', gbp: '£', '€': '€', '$': '$', '£': '£',
};

/** Durations convert into each other so that `0.4s` and `300ms` compare. Value = milliseconds. */
const TIME_UNITS: Record<string, number> = {
  ms: 1, s: 1000, min: 60_000, h: 3_600_000, days: 86_400_000, weeks: 604_800_000,
};

const SCALES: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, bn: 1e9 };

// One quantity: [currency] [sign] number [scale] [unit] [± tolerance]. The number must not be glued to a
// preceding letter or digit (`O1`, `KR2`, `Q3`, `H2` are ids, not quantities).
const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;
const UNIT_WORDS = String.raw`percentage points?|percent|milliseconds?|millisecond|seconds?|secs?|sec|minutes?|mins?|min|hours?|hrs?|hr|days?|weeks?|wks?|wk|points?|pts?|pp|ms|usd|eur|gbp|[smhdx×]`;
const QUANTITY_SOURCE =
  String.raw`(?<![A-Za-z0-9_.])` +
  String.raw`(?<cur>US\$|[$€£¥₹])?` +
  String.raw`\s?(?<sign>[-+−])?` +
  String.raw`(?<cur2>[$€£¥₹])?` +
  String.raw`(?<num>${NUMBER})` +
  String.raw`(?:\s?(?<scale>bn|[kKMmB])(?![A-Za-z0-9]))?` +
  String.raw`(?:(?<pct>\s?%)|(?<slash>\s?\/\s?(?:5|10|100|7|4|3))(?!\d)|(?<sym>[€£$¥₹])|\s?(?<word>${UNIT_WORDS})(?![A-Za-z0-9]))?` +
  String.raw`(?:\s*(?:±|\+\/-|\+-)\s*(?<tol>${NUMBER})\s?(?:%|pp|pts?|points?|ms|s|min|h|days?)?)?`;

// ASCII classes and no `u` flag: several times faster, and every symbol above is one UTF-16 unit. Sticky: it is
// tried only at the few positions where a quantity can start (see `nextQuantity`). The groups are compiled
// unnamed and read by number: a named-group regex builds a `groups` object on every match.
const QUANTITY = new RegExp(QUANTITY_SOURCE.replace(/\(\?<([a-z0-9]+)>/g, '('), 'iy');
const QUANTITY_GROUPS = [...QUANTITY_SOURCE.matchAll(/\(\?<([a-z0-9]+)>/g)].map((m) => m[1]);
const [CUR, SIGN, CUR2, NUM, SCALE, PCT, SLASH, SYM, WORD, TOL] = ['cur', 'sign', 'cur2', 'num', 'scale', 'pct', 'slash', 'sym', 'word', 'tol'].map(
  (name) => QUANTITY_GROUPS.indexOf(name) + 1,
);
/** The most characters a quantity has before its first digit: `US$ -$5`, `.5`. */
const MAX_LEAD = 7;
const STANDALONE_TOLERANCE = new RegExp(String.raw`(?:±|\+\/-)\s*(?<num>${NUMBER})(?<pct>\s?%)?`, 'gu');

function offsetPosition(at: Position, offset: number): Position {
  return { line: at.line, character: at.character + offset };
}

function span(at: Position, start: number, end: number): Range {
  return { start: offsetPosition(at, start), end: offsetPosition(at, end) };
}

function toNumber(digits: string): number {
  return Number(digits.includes(',') ? digits.replace(/,/g, '') : digits);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Rounds away binary noise from scaling (`1.2 * 1e6`, `0.4 * 1000`). */
function tidy(n: number): number {
  // Integers of twelve digits or fewer have nothing to round (zero goes on: -0 becomes 0).
  if (Number.isInteger(n) && n !== 0 && Math.abs(n) < 1e12) return n;
  return Number.parseFloat(n.toPrecision(12));
}

interface Found {
  quantity: Quantity;
  start: number;
  end: number;
}

function quantityFromMatch(m: RegExpExecArray, at: Position): Found | null {
  let value = toNumber(m[NUM]);
  if (!Number.isFinite(value)) return null;
  const sign = m[SIGN];
  if (sign === '-' || sign === '−') value = -value;
  let unit: string | null = null;
  let scaleWord: string | undefined = m[SCALE];
  const currency = m[CUR] ?? m[CUR2];
  const pct = m[PCT];
  const slash = m[SLASH];
  const sym = m[SYM];
  const word = m[WORD];
  if (currency) unit = CURRENCY_SYMBOLS[currency === 'US$' ? '$' : currency];
  // Lower-case `m` means million only after a currency (`$1.2m`); otherwise it is minutes.
  if (scaleWord === 'm' && !currency) {
    scaleWord = undefined;
    if (!pct && !slash && !sym && !word) unit = 'min';
  }
  if (scaleWord) value *= SCALES[scaleWord.toLowerCase()];
  if (pct) unit = '%';
  else if (slash) unit = '/' + slash.replace(/[\s/]/g, '');
  else if (sym) unit = CURRENCY_SYMBOLS[sym];
  else if (word) unit = UNIT_ALIASES[word.toLowerCase()] ?? unit;
  // A trailing space inside the match belongs to nothing: trim it from the range.
  let end = m.index + m[0].length;
  while (end > m.index && (m.input[end - 1] === ' ' || m.input[end - 1] === '\t')) end--;
  const start = m.index;
  const quantity: Quantity = { value: scaleWord ? tidy(value) : value, unit, raw: m.input.slice(start, end), range: span(at, start, end) };
  if (m[TOL] !== undefined) quantity.tolerance = toNumber(m[TOL]);
  return { quantity, start, end };
}

/** Dates, years after "in/by/until…", quarters and versions are not metric values. */
function isNoise(text: string, start: number, end: number, q: Quantity): boolean {
  const next = text[end];
  if ((next === '-' || next === '/' || next === ':') && isDigit(text[end + 1])) return true; // 2026-03-31, 1/2, 10:30
  const prev = text[start - 1];
  if ((prev === '-' || prev === '/') && isDigit(text[start - 2])) return true;
  if (q.unit === null && Number.isInteger(q.value) && q.value >= 1900 && q.value <= 2100 && !q.raw.includes(',')) {
    const before = text.slice(Math.max(0, start - 12), start);
    if (/\b(in|by|before|until|till|end of|of|since|for|q[1-4]|h[12])\s*$/i.test(before)) return true;
  }
  return false;
}

/**
 * Statements and values are read from their first MAX_VALUE_TEXT characters: nothing longer is a real
 * value, and it keeps every regex here linear on hostile input (a 5 MB line of brackets or spaces).
 */
export const MAX_VALUE_TEXT = 1000;

/**
 * The leftmost quantity at or after `from`, as a global search would find it. Every quantity contains a digit
 * at most MAX_LEAD characters after its start, so only the positions just before each digit are tried: the
 * regex is not run at every character of the digit-free text between numbers.
 */
function nextQuantity(text: string, from: number): RegExpExecArray | null {
  let searchFrom = from;
  for (;;) {
    let digit = searchFrom;
    while (digit < text.length && !isDigitCode(text.charCodeAt(digit))) digit++;
    if (digit === text.length) return null;
    for (let start = Math.max(searchFrom, digit - MAX_LEAD); start <= digit; start++) {
      if (!mayStartQuantity(text.charCodeAt(start))) continue;
      QUANTITY.lastIndex = start;
      const m = QUANTITY.exec(text);
      if (m) return m;
    }
    searchFrom = digit + 1;
  }
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** False for the ASCII characters no quantity starts with (letters but `U`, most punctuation): cheaper than the regex. */
function mayStartQuantity(c: number): boolean {
  if (c >= 128) return true;
  // digit . + - $ U u, and whitespace before a sign or number
  return isDigitCode(c) || c === 46 || c === 43 || c === 45 || c === 36 || c === 85 || c === 117 || c === 32 || (c >= 9 && c <= 13);
}

/** Every quantity in a line of text, left to right. */
export function findQuantities(text: string, at: Position = { line: 0, character: 0 }): Found[] {
  const found: Found[] = [];
  let m: RegExpExecArray | null;
  for (let from = 0; (m = nextQuantity(text, from)); from = m.index + m[0].length) {
    const f = quantityFromMatch(m, at);
    if (f && !isNoise(text, f.start, f.end, f.quantity)) found.push(f);
  }
  // `within ±12%`: a tolerance with no number before it is a quantity of its own.
  const inOrder = found.length;
  if (text.includes('±') || text.includes('+/-')) for (const t of text.matchAll(STANDALONE_TOLERANCE)) {
    const start = t.index ?? 0;
    if (found.some((f) => start >= f.start && start < f.end)) continue;
    const value = toNumber(t.groups!.num);
    const end = start + t[0].length;
    found.push({
      quantity: { value, unit: t.groups!.pct ? '%' : null, raw: t[0], range: span(at, start, end), tolerance: value },
      start,
      end,
    });
  }
  // The regex finds quantities left to right: only added tolerances need sorting in.
  return found.length > inOrder ? found.sort((a, b) => a.start - b.start) : found;
}

/** Parses a whole value such as `9%`, `$1.2M`, `450 ms`; null when the text is not a single quantity. */
export function parseQuantity(text: string, at: Position = { line: 0, character: 0 }): Quantity | null {
  if (text.length > MAX_VALUE_TEXT) return null;
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (!trimmed) return null;
  const found = findQuantities(trimmed, offsetPosition(at, lead));
  if (found.length === 0) return null;
  const first = found[0];
  // Allow a trailing word unit we do not normalise (`120 users`), but nothing before the number.
  if (first.start !== 0) return null;
  const rest = trimmed.slice(first.end).trim();
  if (rest && !/^[\p{L}][\p{L}\s/-]*$/u.test(rest)) return null;
  if (rest && first.quantity.unit === null) first.quantity.unit = rest.toLowerCase();
  return first.quantity;
}

/** `70%` → 0.7, `0.7` → 0.7, `7/10` → 0.7. Bare numbers above 1 and percentages above 100 are invalid. */
export function parseConfidence(text: string, at: Position = { line: 0, character: 0 }): Confidence | null {
  const lead = text.length - text.trimStart().length;
  const raw = text.trim();
  if (raw.length > MAX_VALUE_TEXT) return { value: Number.NaN, raw: raw.slice(0, MAX_VALUE_TEXT), valid: false, range: span(at, lead, lead + raw.length) };
  const range = span(at, lead, lead + raw.length);
  const frac = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(raw);
  if (frac) {
    const value = Number(frac[1]) / Number(frac[2]);
    return { value: tidy(value), raw, valid: Number.isFinite(value) && value >= 0 && value <= 1, range };
  }
  const m = /^([-+]?\d+(?:\.\d+)?|[-+]?\.\d+)\s*(%)?$/.exec(raw);
  if (!m) return raw ? { value: Number.NaN, raw, valid: false, range } : null;
  const n = Number(m[1]);
  if (m[2]) return { value: Number.isInteger(n) ? n / 100 : tidy(n / 100), raw, valid: n >= 0 && n <= 100, range };
  return { value: n, raw, valid: n >= 0 && n <= 1, range };
}

const INCREASE_VERBS =
  /\b(increase[sd]?|increasing|grow(s|n)?|growing|raise[sd]?|improve[sd]?|improving|boost(ed)?|lift|expand|gain|accelerate|maximi[sz]e|double|triple|quadruple|reach|achieve|hit|attain|scale|add)\b/i;
const DECREASE_VERBS =
  /\b(reduce[sd]?|reducing|decrease[sd]?|decreasing|cut|lower(ed)?|drop|shrink|halve|decline|minimi[sz]e|eliminate|shorten|trim|slash|bring down|lessen)\b/i;
const STAY_VERBS = /\b(keep|kept|maintain(ed)?|stay|hold|remain|sustain|preserve|protect|ensure)\b/i;

const AT_MOST = String.raw`below|under|less than|fewer than|at most|no more than|not more than|max(?:imum)?|within|≤|<=|<`;
const AT_LEAST = String.raw`above|over|more than|at least|no less than|not less than|min(?:imum)?|≥|>=|>`;
const thresholdBefore = new RegExp(String.raw`(?:^|[\s(])(?<cmp>${AT_MOST}|${AT_LEAST})\s*$`, 'i');

/** Either kind of verb in one scan: group 1 (the increase verb) is set when the first verb found increases. */
const MOVEMENT_VERB = new RegExp(`(?:${INCREASE_VERBS.source})|(?:${DECREASE_VERBS.source})`, 'i');

/** The direction of the first movement verb (no word is both kinds, so the first match decides). */
function verbDirection(text: string): 'increase' | 'decrease' | null {
  const m = MOVEMENT_VERB.exec(text);
  if (!m) return null;
  return m[1] !== undefined ? 'increase' : 'decrease';
}

const IS_AT_MOST = new RegExp(`^(?:${AT_MOST})$`, 'i');

function comparator(before: string): 'at-least' | 'at-most' | null {
  const m = thresholdBefore.exec(before);
  if (!m) return null;
  return IS_AT_MOST.test(m.groups!.cmp) ? 'at-most' : 'at-least';
}

function unitOf(...qs: Array<Quantity | null>): string | null {
  for (const q of qs) if (q?.unit && q.unit !== 'pp') return q.unit;
  for (const q of qs) if (q?.unit) return q.unit === 'pp' ? '%' : q.unit;
  return null;
}

function journey(baseline: Quantity, target: Quantity): Direction | null {
  const from = convertValue(baseline, target.unit) ?? baseline.value;
  if (target.value > from) return 'increase';
  if (target.value < from) return 'decrease';
  return null;
}

const ANY_MULTIPLIER = /\b(?:double|triple|quadruple|halve|in half)/i;
const MULTIPLIERS: Array<[RegExp, number]> = [
  [/\bdouble[sd]?\b/i, 2],
  [/\btriple[sd]?\b/i, 3],
  [/\bquadruple[sd]?\b/i, 4],
  [/\bhalve[sd]?\b|\bcut\b[^.]*\bin half\b/i, 0.5],
];

function multiplier(text: string): [RegExp, number] | undefined {
  return ANY_MULTIPLIER.test(text) ? MULTIPLIERS.find(([re]) => re.test(text)) : undefined;
}

/** Reads the movement a KR statement describes. `at` is the position of `text` in the document. */
export function parseMetric(statement: string, at: Position = { line: 0, character: 0 }): MetricSpec {
  const text = statement.length > MAX_VALUE_TEXT ? statement.slice(0, MAX_VALUE_TEXT) : statement;
  const found = findQuantities(text, at);
  const spec: MetricSpec = { form: 'none', baseline: null, target: null, change: null, factor: null, direction: null, unit: null };
  const verb = verbDirection(text);
  const stay = !verb && STAY_VERBS.test(text);
  // The words that qualify a number sit right before it: a short window keeps the `…$` regexes linear.
  const before = (f: Found) => text.slice(Math.max(0, f.start - 32), f.start);
  const after = (f: Found) => text.slice(f.end);
  const done = (): MetricSpec => {
    // A relative change ("by 50%") says nothing about the metric's own unit.
    const change = spec.change?.unit === '%' && spec.form === 'by' ? null : spec.change;
    spec.unit = unitOf(spec.target, spec.baseline, change);
    return spec;
  };

  // from A to B; A → B; A -> B (also "from A to below B")
  for (let i = 0; i < found.length; i++) {
    const f = found[i];
    const next = found[i + 1];
    const arrowNext = next && /^\s*(?:→|->|=>|⟶|➝)\s*(?:(?:below|under|above|over|at least|at most|≤|≥|<|>)\s*)?$/i.test(text.slice(f.end, next.start));
    const fromHere = /\bfrom\s*$/i.test(before(f));
    if (arrowNext || fromHere) {
      const toNext = next && /^\s*(?:to|→|->|=>|⟶|➝)\s*(?:(?:below|under|above|over|at least|at most|less than|more than|≤|≥|<|>)\s*)?$/i.test(text.slice(f.end, next.start));
      if (!toNext && !fromHere) continue;
      spec.form = 'from-to';
      spec.baseline = f.quantity;
      if (toNext) spec.target = next.quantity;
      else {
        // "from A" with the target elsewhere ("to B", "by N", "double … from A") is handled below.
        const rest = found.filter((x) => x !== f);
        const by = rest.find((x) => /\bby\s*$/i.test(before(x)));
        const to = rest.find((x) => /\b(?:to|reach|hit)\s*(?:(?:below|under|above|over|at least|at most)\s*)?$/i.test(before(x)));
        const mult = multiplier(text);
        if (mult) {
          spec.form = 'multiplier';
          spec.factor = mult[1];
          if (to) spec.target = to.quantity;
          spec.direction = mult[1] >= 1 ? 'increase' : 'decrease';
          return done();
        }
        if (by) {
          spec.form = 'by';
          spec.change = by.quantity;
          spec.direction = verb;
          return done();
        }
        if (to) spec.target = to.quantity;
      }
      spec.direction =
        spec.target && spec.baseline ? journey(spec.baseline, spec.target) ?? verb : verb;
      return done();
    }
  }

  const mult = multiplier(text);
  if (mult) {
    spec.form = 'multiplier';
    spec.factor = mult[1];
    spec.direction = mult[1] >= 1 ? 'increase' : 'decrease';
    const to = found.find((x) => /\bto\s*$/i.test(before(x)));
    if (to) spec.target = to.quantity;
    return done();
  }

  const by = found.find((x) => /\bby\s*$/i.test(before(x)));
  if (by && !/^\s*(?:to|→|->)\b/i.test(after(by))) {
    spec.form = 'by';
    spec.change = by.quantity;
    spec.direction = verb ?? (by.quantity.value < 0 ? 'decrease' : null);
    return done();
  }

  for (const f of found) {
    const cmp = comparator(before(f));
    if (cmp) {
      spec.form = 'threshold';
      spec.target = f.quantity;
      // "Reduce churn below 2%" is a journey; "Keep uptime ≥ 99.9%" or a bare "p95 under 300ms" holds a line.
      spec.direction = verb && !stay ? verb : cmp;
      return done();
    }
  }

  const to = found.find((x) => /\b(?:to|reach(?:es|ing)?|hit|attain|achieve)\s*(?:an?\s+|the\s+)?$/i.test(before(x)));
  if (to) {
    spec.form = 'to';
    spec.target = to.quantity;
    spec.direction = verb;
    if (stay) spec.direction = 'at-least';
    return done();
  }

  // "Keep NPS at 40 ±5": a stay KR held around a value.
  if (stay && found.length > 0) {
    const f = found[0];
    spec.form = 'threshold';
    spec.target = f.quantity;
    spec.direction = 'at-least';
    return done();
  }
  return done();
}

/** Converts `q` into `unit` when both are durations (or already equal); null when they do not convert. */
export function convertValue(q: Quantity, unit: string | null): number | null {
  if (q.unit === unit || unit === null || q.unit === null) return q.value;
  const from = TIME_UNITS[q.unit];
  const to = TIME_UNITS[unit];
  if (from && to) return tidy((q.value * from) / to);
  if ((q.unit === 'pp' && unit === '%') || (q.unit === '%' && unit === 'pp')) return q.value;
  return null;
}

/** True for units that compare: the same unit, or two durations. */
export function compatibleUnits(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === b) return true;
  if (TIME_UNITS[a] && TIME_UNITS[b]) return true;
  return (a === 'pp' && b === '%') || (a === '%' && b === 'pp');
}
