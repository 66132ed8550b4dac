// Deterministic generator of realistic `.okr.md` workspaces for the benchmark and the fuzzer.
// A seeded PRNG drives every choice, so the same seed and size always give the same bytes.
//
//   node --import tsx bench/gen-corpus.ts [--out bench/corpus] [--quick]
//
// writes ws-100/, ws-1000/, ws-10000/ (a company → departments → teams → people cascade)
// and single-1000.okr.md, single-10000.okr.md (one unit with many objectives).
import { mkdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './rng';

export { Rng };

/** Bumped whenever the output changes, so cached corpora are regenerated. */
export const CORPUS_VERSION = 2;
export const DEFAULT_SEED = 20260101;

// ---- vocabulary -------------------------------------------------------------------------

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Esther', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoë'];
const LAST = ['Alvarez', 'Berg', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const DEPARTMENTS = ['Product', 'Engineering', 'Sales', 'Marketing', 'Customer Success', 'Finance', 'People', 'Operations', 'Data', 'Security', 'Design', 'Legal', 'Support', 'Partnerships', 'Platform', 'Growth', 'Research', 'Infrastructure', 'Quality', 'Brand'];
const TEAM_WORDS = ['Checkout', 'Onboarding', 'Search', 'Payments', 'Mobile', 'Billing', 'Identity', 'Insights', 'Catalog', 'Delivery', 'Pricing', 'Retention', 'Activation', 'Reliability', 'Tooling', 'Content', 'Messaging', 'Analytics', 'Integrations', 'Accounts'];
const TEAM_SUFFIX = ['', ' Core', ' Squad', ' Crew', ' Guild', ' Lab'];

const OBJECTIVES = [
  'Become the trusted place home cooks buy their pots',
  'Make onboarding feel effortless for every new customer',
  'Delight customers with a fast and reliable checkout',
  'Build a sales engine that scales without heroics',
  'Earn the loyalty of our largest accounts',
  'Make every release boring and safe',
  'Turn support into a reason people stay',
  'Give every team the data it needs to decide quickly',
  'Grow a brand people recommend to their friends',
  'Keep our platform fast as we triple in size',
  'Create a workplace where great people do their best work',
  'Run a lean, predictable financial operation',
  'Protect our customers’ data like it is our own',
  'Make the mobile app the best way to shop with us',
  'Open new markets in southern Europe',
];

interface MetricDef {
  name: string;
  unit: string; // how a value is written: '%', 'ms', '$', '€', 'k', 'x', '/5', 'days', 'h', 'min', 's', 'pts', ''
  lo: number;
  hi: number;
  decimals: number;
}

const METRICS: MetricDef[] = [
  { name: 'refund rate', unit: '%', lo: 0.2, hi: 6, decimals: 1 },
  { name: 'repeat purchase rate', unit: '%', lo: 5, hi: 40, decimals: 0 },
  { name: 'checkout conversion', unit: '%', lo: 1.5, hi: 9, decimals: 1 },
  { name: 'p95 API latency', unit: 'ms', lo: 120, hi: 900, decimals: 0 },
  { name: 'median page load time', unit: 's', lo: 0.8, hi: 4.5, decimals: 1 },
  { name: 'time to first response', unit: 'min', lo: 5, hi: 240, decimals: 0 },
  { name: 'mean time to recovery', unit: 'h', lo: 1, hi: 12, decimals: 1 },
  { name: 'sales cycle length', unit: 'days', lo: 14, hi: 120, decimals: 0 },
  { name: 'average order value', unit: '€', lo: 38, hi: 140, decimals: 0 },
  { name: 'annual recurring revenue', unit: '$', lo: 1.2e6, hi: 9e6, decimals: 1 },
  { name: 'monthly qualified pipeline', unit: '$', lo: 200e3, hi: 2.5e6, decimals: 1 },
  { name: 'weekly active teams', unit: '', lo: 1200, hi: 25000, decimals: 0 },
  { name: 'customer satisfaction score', unit: '/5', lo: 3.2, hi: 4.8, decimals: 1 },
  { name: 'NPS', unit: 'pts', lo: 12, hi: 60, decimals: 0 },
  { name: 'deploys per engineer per week', unit: 'x', lo: 0.5, hi: 6, decimals: 1 },
  { name: 'seven-day retention', unit: '%', lo: 20, hi: 65, decimals: 0 },
  { name: 'crash-free sessions', unit: '%', lo: 97, hi: 99.9, decimals: 1 },
  { name: 'support tickets per 1,000 orders', unit: '', lo: 3, hi: 40, decimals: 0 },
  { name: 'gross margin', unit: '%', lo: 35, hi: 70, decimals: 0 },
  { name: 'trial-to-paid conversion', unit: '%', lo: 4, hi: 25, decimals: 0 },
];

// Cumulative totals that only grow: `vanity-metric` should fire on these.
const VANITY = ['total registered users', 'page views', 'app downloads', 'Twitter followers', 'total logins', 'ad impressions'];
// Activities and deliverables: `kr-is-output` should fire on these.
const OUTPUTS = [
  'Launch the new onboarding flow',
  'Ship the redesigned checkout',
  'Migrate billing to the new provider',
  'Hire two senior backend engineers',
  'Write the security handbook',
  'Run 12 customer interviews',
  'Build a churn prediction dashboard',
  'Implement single sign-on for enterprise plans',
];
const MILESTONES = [
  'Sign a retail partnership with a national chain',
  'Pass the SOC 2 Type II audit',
  'Open the Lisbon office',
  'Publish the public API v2 contract',
  'Close the Series C round',
];
const NOTES = ['new packaging shipped', 'holiday dip', 'pricing test running', 'on track after the incident review', 'blocked on vendor', 'two big deals slipped', 'experiment B won'];

// ---- number formatting ------------------------------------------------------------------

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Writes a value the way people do: `1,200`, `2.5k`, `$1.2M`, `€38`, `450ms`, `4.1/5`. */
export function formatValue(value: number, metric: MetricDef, rng: Rng): string {
  const v = round(value, metric.decimals);
  switch (metric.unit) {
    case '$':
    case '€':
      if (v >= 1e6) return `${metric.unit}${round(v / 1e6, 1)}M`;
      if (v >= 1e4 && rng.chance(0.6)) return `${metric.unit}${round(v / 1e3, 1)}k`;
      return `${metric.unit}${v.toLocaleString('en-US')}`;
    case '':
      if (v >= 1e4 && rng.chance(0.5)) return `${round(v / 1e3, 1)}k`;
      return v.toLocaleString('en-US');
    case 'ms':
      return rng.chance(0.5) ? `${v}ms` : `${v} ms`;
    case '%':
    case '/5':
    case 'x':
      return `${v}${metric.unit}`;
    default:
      return `${v} ${metric.unit}`;
  }
}

// ---- key results ------------------------------------------------------------------------

interface KrText {
  line: string;
  kind: 'metric' | 'milestone' | 'output';
  metric: MetricDef | null;
  baseline: number | null;
  target: number | null;
}

function metricKr(rng: Rng): KrText {
  const metric = rng.pick(METRICS);
  const span = metric.hi - metric.lo;
  const up = rng.chance(0.6);
  const a = metric.lo + span * rng.next() * 0.5;
  const b = a + span * (0.1 + rng.next() * 0.4);
  const [baseline, target] = up ? [a, b] : [b, a];
  const verb = up ? 'Increase' : 'Decrease';
  const f = (x: number) => formatValue(x, metric, rng);
  const name = metric.name;
  const forms: Array<() => KrText> = [
    () => ({ line: `${verb} ${name} from ${f(baseline)} to ${f(target)}`, kind: 'metric', metric, baseline, target }),
    () => ({ line: `${name[0].toUpperCase()}${name.slice(1)}: ${f(baseline)} → ${f(target)}`, kind: 'metric', metric, baseline, target }),
    () => ({ line: `${verb} ${name} ${f(baseline)} -> ${f(target)}`, kind: 'metric', metric, baseline, target }),
    // missing baseline: `missing-baseline` should fire
    () => ({ line: `${up ? 'Raise' : 'Cut'} ${name} to ${f(target)}`, kind: 'metric', metric, baseline: null, target }),
    () => {
      const unit = metric.unit === '%' ? rng.pick(['%', ' points', 'pp']) : '%';
      const amount = unit === '%' ? rng.int(5, 40) : rng.int(1, 8);
      return { line: `${verb} ${name} by ${amount}${unit} (from ${f(baseline)})`, kind: 'metric', metric, baseline, target: null };
    },
    () => {
      const word = up ? rng.pick(['above', 'at least', '≥']) : rng.pick(['below', 'under', 'at most', '≤']);
      return { line: `Keep ${name} ${word} ${f(target)}`, kind: 'metric', metric, baseline: null, target };
    },
    () => {
      const [word, factor] = up ? rng.pick([['Double', 2], ['Triple', 3]] as const) : (['Halve', 0.5] as const);
      return { line: `${word} ${name} (from ${f(baseline)})`, kind: 'metric', metric, baseline, target: baseline * factor };
    },
    () => {
      const tol = metric.unit === '%' ? `±${rng.int(1, 5)}%` : `±${rng.int(5, 15)}%`;
      return { line: `Hold ${name} at ${f(target)} ${tol}`, kind: 'metric', metric, baseline: null, target };
    },
  ];
  return rng.pick(forms)();
}

function krText(rng: Rng, problems: number): KrText {
  const roll = rng.next();
  if (roll < 0.12 * problems) return { line: rng.pick(OUTPUTS), kind: 'output', metric: null, baseline: null, target: null };
  if (roll < 0.16 * problems) {
    const vanity = rng.pick(VANITY);
    const a = rng.int(10, 90) * 1000;
    return { line: `Grow ${vanity} from ${a.toLocaleString('en-US')} to ${(a * rng.int(2, 5)).toLocaleString('en-US')}`, kind: 'output', metric: null, baseline: null, target: null };
  }
  if (roll < 0.22) return { line: rng.pick(MILESTONES), kind: 'milestone', metric: null, baseline: null, target: null };
  return metricKr(rng);
}

function isoDate(day: number): string {
  // day 0 = 2026-01-05, a Monday; check-ins land every one or two weeks of the quarter
  const date = new Date(Date.UTC(2026, 0, 5 + day));
  return date.toISOString().slice(0, 10);
}

function krLines(rng: Rng, index: number, problems: number, maxCheckins: number): string[] {
  const kr = krText(rng, problems);
  const explicit = rng.chance(0.85);
  if (kr.kind === 'milestone') {
    const done = rng.chance(0.3);
    const lines = [`- [${done ? 'x' : ' '}] ${explicit ? `KR${index}: ` : ''}${kr.line}`];
    if (rng.chance(0.7)) lines.push(`  - confidence: ${rng.chance(0.5) ? `${rng.int(3, 9) * 10}%` : rng.int(3, 9) / 10}`);
    return lines;
  }
  const prefix = explicit ? (rng.chance(0.9) ? `KR${index}: ` : 'Key result: ') : '';
  const lines = [`- ${prefix}${kr.line}`];
  if (rng.chance(0.7)) {
    const c = rng.chance(0.01 * problems) ? '170%' : rng.chance(0.5) ? `${rng.int(3, 9) * 10}%` : `${rng.int(3, 9) / 10}`;
    lines.push(`  - confidence: ${c}`);
  }
  if (rng.chance(0.3)) lines.push(`  - owner: ${rng.pick(FIRST)}`);
  if (kr.metric && kr.baseline !== null) {
    const checkins = rng.int(0, maxCheckins);
    const target = kr.target ?? kr.baseline * 1.2;
    let day = rng.int(0, 6);
    for (let i = 1; i <= checkins; i++) {
      const value = kr.baseline + ((target - kr.baseline) * i * rng.next()) / checkins;
      const note = rng.chance(0.5) ? ` — ${rng.pick(NOTES)}` : '';
      const conf = rng.chance(0.2) ? ` (confidence ${rng.int(3, 9) / 10})` : '';
      lines.push(`  - ${isoDate(day)}: ${formatValue(value, kr.metric, rng)}${conf}${note}`);
      day += rng.int(7, 14);
    }
    if (checkins === 0 && rng.chance(0.4)) lines.push(`  - current: ${formatValue(kr.baseline + (target - kr.baseline) * rng.next(), kr.metric, rng)}`);
  }
  return lines;
}

// ---- files and workspaces -----------------------------------------------------------------

export interface UnitSpec {
  id: string;
  title: string;
  owner: string;
  parent: { id: string; objectives: number[] } | null;
}

export interface GeneratedFile {
  /** Relative path with forward slashes. */
  path: string;
  text: string;
  /** KR counts per objective, so children can align to real KRs. */
  objectives: number[];
}

export interface FileOptions {
  /** Number of objectives (default 3–5). */
  objectives?: number;
  /** Multiplier on the share of lint problems (default 1; 0 = as clean as the generator can be). */
  problems?: number;
  /** `\r\n` to write Windows line endings. */
  eol?: string;
  /** Most check-ins per KR (default 4; people check in on fewer). */
  maxCheckins?: number;
}

function personName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

/** One unit's OKR file for 2026-Q1. */
export function generateOkrFile(rng: Rng, unit: UnitSpec, options: FileOptions = {}): { text: string; objectives: number[] } {
  const problems = options.problems ?? 1;
  const lines: string[] = ['---', `team: ${unit.title}`, `id: ${unit.id}`, `owner: ${unit.owner}`];
  if (!rng.chance(0.03 * problems)) lines.push('period: 2026-Q1');
  if (unit.parent) lines.push(`parent: ${unit.parent.id}`);
  lines.push('---', '', `# ${unit.title} — 2026-Q1`, '');
  if (rng.chance(0.3)) lines.push('Our focus this quarter is fewer, sharper bets. Check-ins every other Monday.', '');
  const objectiveCount = options.objectives ?? rng.int(3, 5);
  const krCounts: number[] = [];
  for (let o = 1; o <= objectiveCount; o++) {
    const level = rng.chance(0.9) ? 2 : 3;
    const title = rng.chance(0.04 * problems) ? `Reach ${rng.int(2, 9)}0% market share` : rng.pick(OBJECTIVES);
    const head = rng.chance(0.9) ? `O${o}: ` : rng.chance(0.5) ? 'Objective: ' : `Objective ${o}: `;
    lines.push(`${'#'.repeat(level)} ${head}${title}`);
    if (unit.parent && unit.parent.objectives.length > 0 && !rng.chance(0.1)) {
      const po = rng.int(1, unit.parent.objectives.length);
      const broken = rng.chance(0.01 * problems);
      const target = broken ? `${unit.parent.id}x#O${po}` : `${unit.parent.id}#O${po}`;
      const kr = rng.chance(0.7) ? `.KR${rng.int(1, unit.parent.objectives[po - 1])}` : '';
      lines.push(`Aligns: ${target}${kr}`);
    }
    if (rng.chance(0.6)) lines.push(`Owner: ${personName(rng)}`);
    lines.push('');
    const krCount = rng.int(3, 6);
    krCounts.push(krCount);
    for (let k = 1; k <= krCount; k++) lines.push(...krLines(rng, k, problems, options.maxCheckins ?? 4));
    lines.push('');
  }
  return { text: lines.join(options.eol ?? '\n'), objectives: krCounts };
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A cascade of `fileCount` units: one company, about ∛n departments, teams under them and
 * people under the teams, laid out as `company.okr.md`, `<dept>/<dept>.okr.md`,
 * `<dept>/<team>/<team>.okr.md`, `<dept>/<team>/<person>.okr.md`.
 */
export function generateWorkspace(fileCount: number, seed = DEFAULT_SEED): GeneratedFile[] {
  const rng = new Rng(seed ^ fileCount);
  const files: GeneratedFile[] = [];
  const add = (path: string, unit: UnitSpec, options?: FileOptions): GeneratedFile => {
    const { text, objectives } = generateOkrFile(rng, unit, options);
    const file = { path, text, objectives };
    files.push(file);
    return file;
  };
  const company = add('company.okr.md', { id: 'company', title: 'Acme', owner: personName(rng), parent: null });
  const remaining = Math.max(0, fileCount - 1);
  const deptCount = Math.max(1, Math.min(remaining, Math.round(Math.cbrt(remaining) * 0.9)));
  const teamCount = Math.max(0, Math.min(remaining - deptCount, Math.round(remaining / 18)));
  const peopleCount = remaining - deptCount - teamCount;
  const depts: Array<{ dir: string; file: GeneratedFile; id: string }> = [];
  for (let d = 0; d < deptCount; d++) {
    const name = DEPARTMENTS[d % DEPARTMENTS.length] + (d >= DEPARTMENTS.length ? ` ${Math.floor(d / DEPARTMENTS.length) + 1}` : '');
    const id = slug(name);
    depts.push({ dir: id, id, file: add(`${id}/${id}.okr.md`, { id, title: name, owner: personName(rng), parent: { id: 'company', objectives: company.objectives } }) });
  }
  const teams: Array<{ dir: string; file: GeneratedFile; id: string }> = [];
  for (let t = 0; t < teamCount; t++) {
    const dept = depts[t % depts.length];
    const name = `${TEAM_WORDS[t % TEAM_WORDS.length]}${TEAM_SUFFIX[Math.floor(t / TEAM_WORDS.length) % TEAM_SUFFIX.length]}`;
    const id = `${dept.id}-${slug(name)}-${t}`;
    const dir = `${dept.dir}/${slug(name)}-${t}`;
    teams.push({ dir, id, file: add(`${dir}/${slug(name)}.okr.md`, { id, title: name, owner: personName(rng), parent: { id: dept.id, objectives: dept.file.objectives } }) });
  }
  const parents = teams.length ? teams : depts;
  for (let p = 0; p < peopleCount; p++) {
    const team = parents[p % parents.length];
    const owner = personName(rng);
    const id = `${slug(owner)}-${p}`;
    add(`${team.dir}/${id}.okr.md`, { id, title: owner, owner, parent: { id: team.id, objectives: team.file.objectives } }, { maxCheckins: 2 });
  }
  return files;
}

/** One unit with as many objectives as it takes to reach `lineCount` lines. */
export function generateLargeFile(lineCount: number, seed = DEFAULT_SEED): string {
  const rng = new Rng(seed ^ (lineCount * 7919));
  const parent = { id: 'company', objectives: [5, 5, 5, 5, 5] };
  const sections: string[] = [];
  let lines = 0;
  let first = true;
  while (lines < lineCount) {
    // one objective per call; the front matter and title are kept only from the first call
    const { text } = generateOkrFile(rng, { id: 'platform', title: 'Platform', owner: 'Grace Ito', parent }, { objectives: 1 });
    const body = first ? text : text.slice(text.indexOf('\n## ') + 1 || text.indexOf('\n### ') + 1);
    first = false;
    sections.push(body.endsWith('\n') ? body : body + '\n');
    lines += body.split('\n').length - 1;
  }
  // renumber objectives so ids stay unique in the file
  let n = 0;
  return sections.join('').replace(/^(#{2,3}) (O\d+:|Objective \d+:)/gm, (_m, hashes: string) => `${hashes} O${++n}:`);
}

// ---- writing the corpus -------------------------------------------------------------------

export const WORKSPACE_SIZES = [100, 1000, 10000];
export const SINGLE_FILE_LINES = [1000, 10000];

export function corpusPaths(root: string) {
  return {
    workspace: (n: number) => join(root, `ws-${n}`),
    single: (lines: number) => join(root, `single-${lines}.okr.md`),
  };
}

/** Writes what is missing (or out of date) under `root`; returns the paths. */
export function ensureCorpus(root: string, sizes = WORKSPACE_SIZES, singles = SINGLE_FILE_LINES, seed = DEFAULT_SEED): void {
  const paths = corpusPaths(root);
  const stamp = (dir: string) => join(dir, '.corpus.json');
  const expected = JSON.stringify({ version: CORPUS_VERSION, seed });
  for (const n of sizes) {
    const dir = paths.workspace(n);
    if (existsSync(stamp(dir)) && readFileSync(stamp(dir), 'utf8') === expected) continue;
    rmSync(dir, { recursive: true, force: true });
    for (const file of generateWorkspace(n, seed)) {
      const path = join(dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
    writeFileSync(stamp(dir), expected);
  }
  for (const lines of singles) {
    const path = paths.single(lines);
    const text = generateLargeFile(lines, seed);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    mkdirSync(root, { recursive: true });
    writeFileSync(path, text);
  }
}

if (process.argv[1] && import.meta.url && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const root = outIndex >= 0 ? args[outIndex + 1] : join(import.meta.dirname, 'corpus');
  const quick = args.includes('--quick');
  ensureCorpus(root, quick ? [100, 1000] : WORKSPACE_SIZES, quick ? [1000] : SINGLE_FILE_LINES);
  console.log(`corpus ready in ${root}`);
}
