// The compact, plain-data model of an `.okr.md` file. No syntax trees, no editor types:
// everything here is JSON-serialisable so it can be cached, sent over the wire and compared.
// Positions are 0-based line/character in UTF-16 code units, exactly like LSP.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit: replace `range` with `newText` (LSP semantics). */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** Something the parser noticed while reading (broken YAML, a malformed check-in…). Rules turn these into findings. */
export interface ParseProblem {
  /** The rule that reports it, e.g. `invalid-front-matter` or `invalid-value`. */
  ruleId: string;
  message: string;
  range: Range;
}

/** A value as written: a number with its unit. `1,200` → 1200, `2.5k` → 2500, `$1.2M` → 1200000 with unit `$`. */
export interface Quantity {
  value: number;
  /** Normalised unit: `%`, `pp`, `pts`, `ms`, `s`, `min`, `h`, `days`, `x`, `/5`, `$`, `€`, `£`, …, a word (`users`) or null. */
  unit: string | null;
  /** The exact source text of the quantity. */
  raw: string;
  range: Range;
  /** Half-width of a `±` range, in the same unit, when one was written (`40% ±5%`). */
  tolerance?: number;
}

/** How a KR states its movement. */
export type MetricForm =
  | 'from-to' // from A to B, A → B, A -> B
  | 'to' // to B
  | 'by' // by N (relative, %, points, pp)
  | 'threshold' // below/under/above/at least/at most/≥/≤ B
  | 'multiplier' // double/halve/triple X (from A)
  | 'none'; // no recognisable movement

/**
 * `increase`/`decrease`: a journey from baseline to target.
 * `at-least`/`at-most`: a "stay" KR (keep uptime ≥ 99.9%): progress is whether the latest value holds the threshold.
 */
export type Direction = 'increase' | 'decrease' | 'at-least' | 'at-most';

export interface MetricSpec {
  form: MetricForm;
  baseline: Quantity | null;
  target: Quantity | null;
  /** For `by` forms: the amount of change as written (`by 20%`, `by 2 points`). The target is derived when a baseline is known. */
  change: Quantity | null;
  /** For `multiplier` forms: 2 for double, 0.5 for halve, 3 for triple. */
  factor: number | null;
  direction: Direction | null;
  /** The KR's unit, taken from target, baseline or change. */
  unit: string | null;
}

/** A `key: value` line (objective attribute, front-matter-like KR data item). */
export interface Attribute {
  /** Lower-case key as written (`confidence`, `owner`, `aligns`…). */
  key: string;
  value: string;
  range: Range;
  keyRange: Range;
  valueRange: Range;
}

export interface CheckIn {
  /** ISO date `YYYY-MM-DD` as written (may be invalid: see `dateValid`). */
  date: string;
  dateValid: boolean;
  value: Quantity | null;
  /** 0..1 */
  confidence: number | null;
  note: string | null;
  range: Range;
  dateRange: Range;
}

/** A confidence as written (`70%`, `0.7`), normalised to 0..1; `valid` is false for 170% and the like. */
export interface Confidence {
  value: number;
  raw: string;
  valid: boolean;
  range: Range;
}

/** A reference to another unit's objective or KR: `product#O1.KR2`, `../product.okr.md#O1`, or a Markdown link to one. */
export interface Reference {
  raw: string;
  /** Unit id (or relative path when `path` is set); null means "this file". */
  unit: string | null;
  /** Relative path to an `.okr.md` file when the reference was written as a path or a Markdown link. */
  path: string | null;
  objective: string | null;
  kr: string | null;
  range: Range;
}

export interface KeyResult {
  /** `KR1`, … explicit or by position. */
  id: string;
  explicitId: boolean;
  /** The first line's text without bullet, checkbox and id prefix. */
  text: string;
  kind: 'metric' | 'milestone';
  /** For milestones: `- [x]`. */
  done: boolean;
  metric: MetricSpec;
  /** `current:` attribute, else the latest check-in's value. */
  current: Quantity | null;
  confidence: Confidence | null;
  owner: string | null;
  weight: number | null;
  /** Explicit `score:` in the file's scoring scale. */
  score: Quantity | null;
  checkins: CheckIn[];
  /** Every `key: value` item nested under the KR (including those above, with their ranges). */
  attributes: Attribute[];
  /** Whole list item including nested items. */
  range: Range;
  /** The first line of the item (bullet included). */
  lineRange: Range;
  /** The statement text (`text`) in the source. */
  textRange: Range;
  idRange: Range | null;
  /** Aligns references written under the KR (`- aligns: company#O1.KR2`). */
  aligns: Reference[];
}

export interface Objective {
  /** `O1`, … explicit or by position. */
  id: string;
  explicitId: boolean;
  title: string;
  /** Heading level 2..4. */
  level: number;
  /** Whole section: heading to the line before the next heading of the same or higher level. */
  range: Range;
  headingRange: Range;
  titleRange: Range;
  idRange: Range | null;
  attributes: Attribute[];
  aligns: Reference[];
  owner: string | null;
  weight: number | null;
  tags: string[];
  krs: KeyResult[];
  /** What reading the section found wrong (a value that is not a number…); the document's `problems` lists them too. */
  problems: ParseProblem[];
}

export type Scoring = '0-1' | '1-4' | 'percent';

export interface Period {
  raw: string;
  /** ISO dates, inclusive. */
  start: string;
  end: string;
  range: Range;
}

export interface FrontMatterEntry {
  key: string;
  value: unknown;
  keyRange: Range;
  valueRange: Range;
}

export interface FrontMatter {
  /** The whole `---` … `---` block, including the fences. */
  range: Range;
  entries: FrontMatterEntry[];
  /** The parsed map, or null when the YAML is broken or not a map. */
  data: Record<string, unknown> | null;
}

/** `<!-- okr-disable-next-line id -- reason -->` and friends. */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-line' | 'disable-next-line' | 'disable-file';
  /** Empty means every rule. */
  ruleIds: string[];
  line: number;
  range: Range;
}

export interface OkrDocument {
  /** Unit id: front matter `id`, else the file name without `.okr.md`, else `untitled`. */
  unitId: string;
  /** Display name: front matter `team`, else the first H1, else the unit id. */
  title: string;
  owner: string | null;
  period: Period | null;
  parent: Reference | null;
  scoring: Scoring;
  frontMatter: FrontMatter | null;
  objectives: Objective[];
  directives: Directive[];
  /** What reading the file found wrong: first what lies outside the objectives' sections (front matter, encoding), then each objective's `problems` in order. */
  problems: ParseProblem[];
  lineCount: number;
}

/** Grading band of a progress value (0.7+ on track, 0.4–0.7 at risk, below 0.4 off track; no value yet: not started). */
export type Band = 'on-track' | 'at-risk' | 'off-track' | 'not-started';

// The cascade as the CLI (`okr tree --format json`), the `okr/tree` request and the views see it.
// Numbers are plain numbers in the KR's unit (2.1 for "2.1%"); confidence and progress are 0..1 or null.

export interface TreeCheckIn {
  date: string;
  value: number | null;
  confidence: number | null;
  note: string | null;
}

export interface TreeKr {
  id: string;
  text: string;
  kind: 'metric' | 'milestone';
  baseline: number | null;
  target: number | null;
  current: number | null;
  unit: string | null;
  direction: Direction | null;
  confidence: number | null;
  progress: number | null;
  band: Band;
  owner: string | null;
  checkins: TreeCheckIn[];
  /** 0-based line of the KR in its file. */
  line: number;
  /** How many objectives of child units align to this KR. */
  alignedChildren: number;
  /** True when the progress comes from the children that align to it (the KR has no value of its own). */
  rolledUp: boolean;
}

export interface TreeObjective {
  id: string;
  title: string;
  progress: number | null;
  band: Band;
  /** Normalised references, e.g. `product#O1.KR2`. */
  aligns: string[];
  owner: string | null;
  line: number;
  alignedChildren: number;
  krs: TreeKr[];
}

export interface TreeUnit {
  id: string;
  title: string;
  period: string | null;
  parent: string | null;
  /** Path of the file (relative to the working directory for the CLI, absolute for the server). */
  file: string;
  owner: string | null;
  progress: number | null;
  band: Band;
  /** Ids of the units whose `parent` is this unit. */
  children: string[];
  objectives: TreeObjective[];
}

export interface TreeJson {
  units: TreeUnit[];
}
