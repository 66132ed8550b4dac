// Configuration resolution, pure: `.okrrc.json` text (JSON with comments) → ResolvedConfig.
// Reading files is the caller's business (node/config-loader.ts passes a `load` callback).
// Every problem points at the offending key or value so editors and the CLI can show it there.
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Range, Severity } from './model';
import { lineStarts, positionAt } from './fixes';

export type Level = Severity | 'off';

/** What the configuration needs to know about a rule (a subset of RuleMeta, to keep core independent of rules). */
export interface RuleInfo {
  id: string;
  severity: Severity;
  options: Record<string, { type: 'integer' | 'number' | 'boolean' | 'string'; default: number | boolean | string; minimum?: number }>;
}

export interface RuleSetting {
  level: Level;
  options: Record<string, unknown>;
}

export interface ConfigProblem {
  severity: Severity;
  message: string;
  /** The configuration file, when known. */
  file?: string;
  range: Range;
}

export interface ResolvedConfig {
  rules: Record<string, RuleSetting>;
  /** Level of the finding for a disable comment that suppresses nothing. */
  reportUnusedDisableDirectives: Level;
  /** The files that contributed, nearest last. */
  files: string[];
  problems: ConfigProblem[];
}

/** One configuration source: a preset, a file, or overrides from the editor or the command line. */
export interface ConfigLayer {
  rules: Record<string, { level?: Level; options?: Record<string, unknown> }>;
  reportUnusedDisableDirectives?: Level;
}

export const LEVELS: readonly Level[] = ['off', 'hint', 'information', 'warning', 'error'];
const LEVEL_ALIASES: Record<string, Level> = { info: 'information', warn: 'warning' };
export const PRESETS = ['okr:recommended', 'okr:strict'] as const;

/** Parses a level as users write it (`info` and `warn` are accepted too); null when it is not one. */
export function parseLevel(value: unknown): Level | null {
  if (typeof value !== 'string') return null;
  const v = value.toLowerCase();
  if ((LEVELS as readonly string[]).includes(v)) return v as Level;
  return LEVEL_ALIASES[v] ?? null;
}

/** `okr:recommended` is the rule table's defaults; `okr:strict` raises informational rules to warnings. */
export function presetLayer(name: (typeof PRESETS)[number], rules: RuleInfo[]): ConfigLayer {
  const layer: ConfigLayer = { rules: {} };
  for (const r of rules) {
    const level = name === 'okr:strict' && (r.severity === 'information' || r.severity === 'hint') ? 'warning' : r.severity;
    layer.rules[r.id] = { level };
  }
  if (name === 'okr:strict') layer.reportUnusedDisableDirectives = 'warning';
  return layer;
}

/** Merges layers over the rules' defaults; later layers win, options merge key by key. */
export function mergeLayers(layers: ConfigLayer[], rules: RuleInfo[], problems: ConfigProblem[] = [], files: string[] = []): ResolvedConfig {
  const out: ResolvedConfig = { rules: {}, reportUnusedDisableDirectives: 'off', files, problems };
  for (const r of rules) {
    const options: Record<string, unknown> = {};
    for (const [k, o] of Object.entries(r.options)) options[k] = o.default;
    out.rules[r.id] = { level: r.severity, options };
  }
  for (const layer of layers) {
    for (const [id, s] of Object.entries(layer.rules)) {
      const target = out.rules[id];
      if (!target) continue;
      if (s.level) target.level = s.level;
      if (s.options) Object.assign(target.options, s.options);
    }
    if (layer.reportUnusedDisableDirectives) out.reportUnusedDisableDirectives = layer.reportUnusedDisableDirectives;
  }
  return out;
}

export function defaultConfig(rules: RuleInfo[]): ResolvedConfig {
  return mergeLayers([], rules);
}

/** Levenshtein distance, for did-you-mean suggestions; stops early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
      rowMin = Math.min(rowMin, prev[j]);
    }
    if (rowMin > limit) return limit + 1;
  }
  return prev[b.length];
}

/** The candidate closest to `word` when it is close enough to be a plausible typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  return suggester(candidates)(word);
}

/**
 * A did-you-mean over a fixed candidate list, for many lookups (unit ids of a big workspace):
 * candidates are bucketed by length, so only those within the typo limit are compared, and
 * answers are remembered.
 */
export function suggester(candidates: Iterable<string>): (word: string) => string | null {
  const byLength = new Map<number, Array<[string, string]>>();
  for (const c of candidates) {
    const list = byLength.get(c.length) ?? [];
    list.push([c, c.toLowerCase()]);
    byLength.set(c.length, list);
  }
  const memo = new Map<string, string | null>();
  return (word) => {
    const known = memo.get(word);
    if (known !== undefined) return known;
    const w = word.toLowerCase();
    const limit = Math.max(1, Math.floor(word.length / 3));
    let best: string | null = null;
    let bestDistance = limit + 1;
    for (let delta = 0; delta <= limit; delta++) {
      for (const len of delta ? [w.length - delta, w.length + delta] : [w.length]) {
        for (const [original, lower] of byLength.get(len) ?? []) {
          const d = editDistance(w, lower, bestDistance - 1);
          if (d < bestDistance && d > 0) {
            best = original;
            bestDistance = d;
          }
        }
      }
    }
    memo.set(word, best);
    return best;
  };
}

/** Parses a rule setting as written in `rules` or on the command line; null plus a reason when invalid. */
function checkOptions(rule: RuleInfo, options: unknown, at: (key?: string) => Range, report: (p: Omit<ConfigProblem, 'file'>) => void): Record<string, unknown> | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    report({ severity: 'error', message: `Options of '${rule.id}' must be an object, e.g. ["warning", { … }].`, range: at() });
    return undefined;
  }
  const valid: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const spec = rule.options[key];
    if (!spec) {
      const names = Object.keys(rule.options);
      const hint = didYouMean(key, names);
      report({
        severity: 'error',
        message: `'${rule.id}' has no option '${key}'.${hint ? ` Did you mean '${hint}'?` : names.length ? ` Its options: ${names.join(', ')}.` : ' It takes no options.'}`,
        range: at(key),
      });
      continue;
    }
    const ok =
      spec.type === 'boolean'
        ? typeof value === 'boolean'
        : spec.type === 'string'
          ? typeof value === 'string'
          : typeof value === 'number' && Number.isFinite(value) && (spec.type === 'number' || Number.isInteger(value)) && (spec.minimum === undefined || value >= spec.minimum);
    if (!ok) {
      const min = spec.minimum !== undefined ? ` ≥ ${spec.minimum}` : '';
      report({ severity: 'error', message: `Option '${key}' of '${rule.id}' must be ${spec.type === 'integer' ? 'an integer' : `a ${spec.type}`}${min}; got ${JSON.stringify(value)}.`, range: at(key) });
      continue;
    }
    valid[key] = value;
  }
  return valid;
}

function rangeOf(starts: number[], offset: number, length: number): Range {
  return { start: positionAt(starts, offset), end: positionAt(starts, offset + length) };
}

export interface ParsedConfigFile {
  layer: ConfigLayer;
  /** `extends` entries in order, with where they are written. */
  extends: { name: string; range: Range }[];
  problems: ConfigProblem[];
}

/** Parses and validates one `.okrrc.json` text. Never throws. */
export function parseConfigFile(text: string, rules: RuleInfo[], file?: string): ParsedConfigFile {
  const starts = lineStarts(text);
  const problems: ConfigProblem[] = [];
  const report = (p: Omit<ConfigProblem, 'file'>) => problems.push(file ? { ...p, file } : p);
  const nodeRange = (n: Node | undefined): Range => (n ? rangeOf(starts, n.offset, n.length) : rangeOf(starts, 0, 0));
  const result: ParsedConfigFile = { layer: { rules: {} }, extends: [], problems };

  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) report({ severity: 'error', message: `Invalid JSON: ${printParseErrorCode(e.error)}.`, range: rangeOf(starts, e.offset, e.length) });
  if (!root) return result;
  if (root.type !== 'object') {
    report({ severity: 'error', message: 'The configuration must be an object, e.g. { "extends": "okr:recommended", "rules": { … } }.', range: nodeRange(root) });
    return result;
  }
  const known = ['$schema', 'extends', 'rules', 'reportUnusedDisableDirectives'];
  for (const prop of root.children ?? []) {
    const keyNode = prop.children?.[0];
    const valueNode = prop.children?.[1];
    const key = String(keyNode?.value);
    if (!known.includes(key)) {
      const hint = didYouMean(key, known);
      report({ severity: 'error', message: `Unknown configuration key '${key}'.${hint ? ` Did you mean '${hint}'?` : ` Known keys: ${known.join(', ')}.`}`, range: nodeRange(keyNode) });
      continue;
    }
    if (!valueNode) continue;
    if (key === 'extends') {
      const items = valueNode.type === 'array' ? (valueNode.children ?? []) : [valueNode];
      for (const item of items) {
        if (item.type !== 'string') {
          report({ severity: 'error', message: `'extends' takes "okr:recommended", "okr:strict" or a path to another .okrrc.json.`, range: nodeRange(item) });
        } else {
          result.extends.push({ name: item.value as string, range: nodeRange(item) });
        }
      }
    } else if (key === 'reportUnusedDisableDirectives') {
      const v = valueNode.value;
      const level = v === true ? 'warning' : v === false ? 'off' : parseLevel(v);
      if (level) result.layer.reportUnusedDisableDirectives = level;
      else report({ severity: 'error', message: `'reportUnusedDisableDirectives' takes true, false or a level (${LEVELS.join(', ')}).`, range: nodeRange(valueNode) });
    } else if (key === 'rules') {
      if (valueNode.type !== 'object') {
        report({ severity: 'error', message: `'rules' must be an object mapping rule ids to levels.`, range: nodeRange(valueNode) });
        continue;
      }
      for (const ruleProp of valueNode.children ?? []) {
        const idNode = ruleProp.children?.[0];
        const settingNode = ruleProp.children?.[1];
        const id = String(idNode?.value);
        const rule = rules.find((r) => r.id === id);
        if (!rule) {
          const hint = didYouMean(id, rules.map((r) => r.id));
          report({ severity: 'error', message: `Unknown rule '${id}'.${hint ? ` Did you mean '${hint}'?` : ' Run `okr rules` to list the rules.'}`, range: nodeRange(idNode) });
          continue;
        }
        if (!settingNode) continue;
        const isArray = settingNode.type === 'array';
        const levelNode = isArray ? settingNode.children?.[0] : settingNode;
        const level = parseLevel(levelNode?.value);
        if (!level) {
          report({ severity: 'error', message: `Level of '${id}' must be one of ${LEVELS.map((l) => `"${l}"`).join(', ')} or [level, { options }].`, range: nodeRange(levelNode ?? settingNode) });
          continue;
        }
        const optionsNode = isArray ? settingNode.children?.[1] : undefined;
        const at = (k?: string) => nodeRange(k && optionsNode ? (findNodeAtLocation(optionsNode, [k])?.parent?.children?.[0] ?? optionsNode) : optionsNode);
        const options = optionsNode ? checkOptions(rule, jsonValue(optionsNode), at, report) : undefined;
        result.layer.rules[id] = options ? { level, options } : { level };
      }
    }
  }
  return result;
}

function jsonValue(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [String(p.children?.[0]?.value), p.children?.[1] ? jsonValue(p.children[1]) : undefined]));
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

export interface ConfigSource {
  text: string;
  file?: string;
}

/**
 * Resolves a configuration file with its `extends` chain. `load(name, fromFile)` reads a
 * referenced file (a path relative to the referring file) or returns null when it cannot.
 */
export function resolveConfig(source: ConfigSource | null, rules: RuleInfo[], load?: (name: string, fromFile?: string) => ConfigSource | null): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  const files: string[] = [];
  const visiting = new Set<string>();
  const layersOf = (src: ConfigSource): ConfigLayer[] => {
    const key = src.file ?? '<inline>';
    if (src.file) files.push(src.file);
    visiting.add(key);
    const parsed = parseConfigFile(src.text, rules, src.file);
    problems.push(...parsed.problems);
    const layers: ConfigLayer[] = [];
    for (const ext of parsed.extends) {
      const at = (message: string) => problems.push({ severity: 'error', message, range: ext.range, ...(src.file ? { file: src.file } : {}) });
      if ((PRESETS as readonly string[]).includes(ext.name)) {
        layers.push(presetLayer(ext.name as (typeof PRESETS)[number], rules));
      } else if (ext.name.startsWith('okr:')) {
        at(`Unknown preset '${ext.name}'. Use ${PRESETS.map((p) => `"${p}"`).join(' or ')}.`);
      } else {
        const next = load?.(ext.name, src.file) ?? null;
        if (!next) at(`Cannot read the configuration '${ext.name}' that 'extends' names.`);
        else if (visiting.has(next.file ?? next.text)) at(`'extends' leads back to '${ext.name}', which is already being read.`);
        else layers.push(...layersOf(next));
      }
    }
    layers.push(parsed.layer);
    return layers;
  };
  const layers = source ? layersOf(source) : [];
  return mergeLayers(layers, rules, problems, files);
}

/**
 * Applies overrides from the command line (`--rule id:level`) or editor settings on top of a config.
 * Unknown ids and levels are reported in `problems` instead of being silently ignored.
 */
export function withOverrides(config: ResolvedConfig, overrides: Record<string, unknown>, rules: RuleInfo[], origin = 'override'): ResolvedConfig {
  const out: ResolvedConfig = { ...config, rules: { ...config.rules }, problems: [...config.problems] };
  const none: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const [id, value] of Object.entries(overrides)) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      const hint = didYouMean(id, rules.map((r) => r.id));
      out.problems.push({ severity: 'error', message: `${origin}: unknown rule '${id}'.${hint ? ` Did you mean '${hint}'?` : ''}`, range: none });
      continue;
    }
    const [levelValue, optionsValue] = Array.isArray(value) ? value : [value, undefined];
    const level = parseLevel(levelValue);
    if (!level) {
      out.problems.push({ severity: 'error', message: `${origin}: level of '${id}' must be one of ${LEVELS.join(', ')}; got ${JSON.stringify(levelValue)}.`, range: none });
      continue;
    }
    const options = checkOptions(rule, optionsValue, () => none, (p) => out.problems.push({ ...p, message: `${origin}: ${p.message}` }));
    const prev = out.rules[id];
    out.rules[id] = { level, options: { ...prev.options, ...options } };
  }
  return out;
}
