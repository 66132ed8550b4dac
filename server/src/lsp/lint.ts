// Linting for the server: configuration per folder (`.okrrc.json` merged with `okr.rules.customizations`),
// and the split the engine allows — file-rule findings are kept per parsed model, so re-checking a file
// because another file changed only runs the workspace rules again.
import { dirname } from 'node:path';
import type { OkrDocument } from '../core/model';
import { withOverrides, type ResolvedConfig } from '../core/config';
import { applyDirectives, LintSession, runRules } from '../rules/engine';
import { rules } from '../rules/index';
import type { Finding } from '../rules/types';
import { loadConfigFor } from '../node/config-loader';
import { severityOverrides, type OkrSettings } from './settings';
import type { WorkspaceIndex } from './workspaceIndex';

/** Today's date in the machine's time zone (check-ins are written in local dates). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class ConfigCache {
  private byKey = new Map<string, ResolvedConfig>();

  /** The configuration for a file: nearest `.okrrc.json` chain, then the editor's severity overrides. */
  get(path: string, settings: OkrSettings): ResolvedConfig {
    const key = `${dirname(path)}\n${JSON.stringify(settings.customizations)}`;
    let config = this.byKey.get(key);
    if (!config) {
      const base = loadConfigFor(path);
      const overrides = severityOverrides(settings.customizations, rules.map((r) => r.meta.id));
      config = Object.keys(overrides).length ? withOverrides(base, overrides, rules.map((r) => r.meta), 'okr.rules.customizations') : base;
      this.byKey.set(key, config);
    }
    return config;
  }

  clear(): void {
    this.byKey.clear();
  }
}

interface FileFindings {
  doc: OkrDocument;
  config: ResolvedConfig;
  today: string;
  findings: Finding[];
}

export class Linter {
  private fileFindings = new Map<string, FileFindings>();
  /** The last file-rule and workspace-rule runs over each open document, so a keystroke checks again only what changed. */
  private sessions = new Map<string, { file: LintSession; workspace: LintSession }>();

  constructor(private readonly index: WorkspaceIndex) {}

  /**
   * `crossFile: false` runs only the file rules (while the workspace is still being scanned, cross-file rules would misjudge).
   * `reuse`: the document was parsed with a SectionCache (an open one): its sessions keep the last runs, so unchanged
   * sections keep their findings.
   */
  lint(path: string, doc: OkrDocument, text: string, config: ResolvedConfig, { crossFile = true, reuse = false } = {}): Finding[] {
    const today = localToday();
    let sessions = reuse ? this.sessions.get(path) : undefined;
    if (reuse && !sessions) this.sessions.set(path, (sessions = { file: new LintSession(), workspace: new LintSession() }));
    let cached = this.fileFindings.get(path);
    if (!cached || cached.doc !== doc || cached.config !== config || cached.today !== today) {
      cached = { doc, config, today, findings: runRules(doc, text, { config, path, today, scopes: ['file'], session: sessions?.file }) };
      this.fileFindings.set(path, cached);
    }
    const workspace = crossFile ? runRules(doc, text, { config, path, today, workspace: this.index.workspace, scopes: ['workspace'], session: sessions?.workspace }) : [];
    return applyDirectives(doc, text, [...cached.findings, ...workspace], config);
  }

  forget(path: string): void {
    this.fileFindings.delete(path);
    this.sessions.delete(path);
  }
}
