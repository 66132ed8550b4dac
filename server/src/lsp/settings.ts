// Editor settings (`okr.*`), fetched per resource with `workspace/configuration` and cached until the
// client says they changed. Whatever shape the client sends, the server gets a complete, valid object.
import type { Connection } from 'vscode-languageserver';

export interface OkrSettings {
  enable: boolean;
  /** Lint while typing, or only when the file is saved. */
  run: 'onType' | 'onSave';
  /** Severity overrides by rule id (`*` wildcards allowed), as `{ id: level }`. */
  customizations: Record<string, string>;
  inlayHints: boolean;
  codeLens: boolean;
  /** Glob patterns of files the workspace index skips (in addition to `.gitignore`). */
  exclude: string[];
}

export const DEFAULT_SETTINGS: OkrSettings = {
  enable: true,
  run: 'onType',
  customizations: {},
  inlayHints: true,
  codeLens: true,
  exclude: [],
};

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/**
 * Accepts `okr.rules.customizations` as ESLint's list (`[{ rule: "kr-*", severity: "info" }]`) or as a map
 * (`{ "kr-is-output": "off" }`); entries of any other shape are dropped.
 */
function customizations(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const entry = record(item);
      if (entry && typeof entry.rule === 'string' && typeof entry.severity === 'string') out[entry.rule] = entry.severity;
    }
  } else {
    for (const [id, level] of Object.entries(record(value) ?? {})) if (typeof level === 'string') out[id] = level;
  }
  return out;
}

/** Turns whatever the client sent for the `okr` section into complete settings; wrong shapes fall back to defaults. */
export function normalizeSettings(raw: unknown): OkrSettings {
  const s = record(raw) ?? {};
  const rules = record(s.rules);
  const inlay = record(s.inlayHints);
  const lens = record(s.codeLens);
  return {
    enable: flag(s.enable, DEFAULT_SETTINGS.enable),
    run: s.run === 'onSave' ? 'onSave' : 'onType',
    customizations: customizations(rules?.customizations ?? s['rules.customizations']),
    inlayHints: flag(inlay?.enable ?? s['inlayHints.enable'], DEFAULT_SETTINGS.inlayHints),
    codeLens: flag(lens?.enable ?? s['codeLens.enable'], DEFAULT_SETTINGS.codeLens),
    exclude: Array.isArray(s.exclude) ? s.exclude.filter((g): g is string => typeof g === 'string') : [],
  };
}

/**
 * Expands wildcard ids in customizations (`kr-*`) against the known rule ids; later entries win, and
 * `default` takes a rule back to what `.okrrc.json` says.
 */
export function severityOverrides(custom: Record<string, string>, ruleIds: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [pattern, level] of Object.entries(custom)) {
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const ids = pattern.includes('*') ? ruleIds.filter((id) => re.test(id)) : [pattern];
    for (const id of ids) {
      if (level === 'default') delete out[id];
      else out[id] = level;
    }
  }
  return out;
}

/** Per-resource settings cache (the lsp-sample pattern): one round trip per document until settings change. */
export class SettingsStore {
  private cache = new Map<string, Promise<OkrSettings>>();
  /** Used when the client cannot answer `workspace/configuration`: the last `didChangeConfiguration` payload. */
  private global: OkrSettings = DEFAULT_SETTINGS;
  pull = false;

  constructor(private readonly connection: Connection) {}

  /** Settings for a resource; without a uri, the workspace-wide settings (used for the workspace scan). */
  get(uri?: string): Promise<OkrSettings> {
    if (!this.pull) return Promise.resolve(this.global);
    const key = uri ?? '';
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.connection.workspace
        .getConfiguration(uri ? { scopeUri: uri, section: 'okr' } : { section: 'okr' })
        .then(normalizeSettings, (err: unknown) => {
          this.connection.console.error(`Cannot read settings for ${uri ?? 'the workspace'}: ${String(err)}`);
          return DEFAULT_SETTINGS;
        });
      this.cache.set(key, hit);
    }
    return hit;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  changed(payload: unknown): void {
    this.cache.clear();
    this.global = normalizeSettings(record(payload)?.okr);
  }
}
