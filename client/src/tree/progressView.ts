// The "Progress" tree view in the OKRs container: the cascade as the server computes it (`okr/tree`),
// refreshed on `okr/indexChanged`. Items keep stable ids so VS Code keeps their expansion state
// across refreshes (no flicker, nothing collapses while you type).
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { Band, TreeJson, TreeKr } from '../../../server/src/core/model';
import { TreeRequest, type TreeParams } from '../../../server/src/lsp/protocol';
import type { OkrServer } from '../client';
import { bandLabel, formatPercent } from '../../../server/src/render/format';
import { bandOfNode, buildNodes, filterChoices, progressOf, type ProgressNode, type TreeFilter } from './nodes';

export const PROGRESS_VIEW = 'okr.progress';
const REFRESH_DELAY_MS = 150;

const BAND_ICONS: Record<Band, { icon: string; color: string }> = {
  'on-track': { icon: 'pass-filled', color: 'charts.green' },
  'at-risk': { icon: 'warning', color: 'charts.yellow' },
  'off-track': { icon: 'error', color: 'charts.red' },
  'not-started': { icon: 'circle-large-outline', color: 'disabledForeground' },
};

/** What a test can read of the view: exactly the labels and descriptions VS Code shows. */
export interface TreeSnapshotItem {
  id: string;
  label: string;
  description: string;
  band: Band;
  children: TreeSnapshotItem[];
}

export class ProgressTreeProvider implements vscode.TreeDataProvider<ProgressNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProgressNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** Fires after the tree was fetched from the server and the view told to redraw. */
  readonly onDidRefresh = this.refreshed.event;

  scope: 'file' | 'workspace' = 'workspace';
  filter: TreeFilter = {};
  private tree: TreeJson = { units: [] };
  private nodes: ProgressNode[] = [];
  private message: string | undefined;
  private pending: NodeJS.Timeout | undefined;
  private generation = 0;
  view: vscode.TreeView<ProgressNode> | undefined;

  constructor(private readonly client: LanguageClient) {}

  /** Coalesces bursts of index changes (typing) into one request. */
  scheduleRefresh(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  async refresh(): Promise<void> {
    clearTimeout(this.pending);
    const generation = ++this.generation;
    const active = vscode.window.activeTextEditor?.document;
    let tree: TreeJson = { units: [] };
    let message: string | undefined;
    if (this.client.state === State.Starting) {
      message = 'Starting the OKR language server…';
    } else if (!this.client.isRunning()) {
      message = 'The OKR language server is not running. Run "OKR: Restart Language Server".';
    } else if (this.scope === 'file' && active?.languageId !== 'okr') {
      message = 'Open an OKR file (*.okr.md) to see its progress.';
    } else {
      const params: TreeParams = this.scope === 'file' ? { scope: 'file', uri: active!.uri.toString() } : { scope: 'workspace' };
      try {
        tree = (await this.client.sendRequest<TreeJson>(TreeRequest, params)) ?? { units: [] };
      } catch (error) {
        message = `Could not read the OKR cascade: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    // A newer refresh started while this one waited: its answer wins.
    if (generation !== this.generation) return;
    this.tree = tree;
    this.nodes = buildNodes(tree, this.filter);
    if (!message && this.nodes.length === 0) {
      message = tree.units.length ? 'No key results match the filter.' : 'No OKR files found. Create one with "OKR: New OKR File".';
    }
    this.message = message;
    if (this.view) this.view.message = message;
    this.changed.fire(undefined);
    this.refreshed.fire();
  }

  getChildren(node?: ProgressNode): ProgressNode[] {
    return node ? node.children : this.nodes;
  }

  getParent(node: ProgressNode): ProgressNode | undefined {
    const find = (list: ProgressNode[], parent?: ProgressNode): ProgressNode | undefined => {
      for (const candidate of list) {
        if (candidate === node) return parent;
        const found = find(candidate.children, candidate);
        if (found) return found;
      }
      return undefined;
    };
    return find(this.nodes);
  }

  getTreeItem(node: ProgressNode): vscode.TreeItem {
    const item = new vscode.TreeItem(labelOf(node), node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    if (node.kind === 'unit') item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    item.id = node.id;
    item.description = descriptionOf(node);
    const band = BAND_ICONS[bandOfNode(node)];
    item.iconPath = new vscode.ThemeIcon(band.icon, new vscode.ThemeColor(band.color));
    item.tooltip = tooltipOf(node);
    item.contextValue = `okr.${node.kind}`;
    item.accessibilityInformation = { label: `${labelOf(node)}, ${formatPercent(progressOf(node))}, ${bandLabel(bandOfNode(node)).toLowerCase()}` };
    const line = node.kind === 'unit' ? 0 : node.kind === 'objective' ? node.objective.line : node.kr.line;
    item.resourceUri = vscode.Uri.file(node.unit.file);
    item.command = {
      command: 'vscode.open',
      title: 'Reveal in File',
      arguments: [item.resourceUri, { selection: new vscode.Range(line, 0, line, 0), preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  /** The view as text (labels, descriptions, bands), for tests and bug reports. */
  snapshot(): { message: string | undefined; items: TreeSnapshotItem[] } {
    const walk = (node: ProgressNode): TreeSnapshotItem => ({
      id: node.id,
      label: labelOf(node),
      description: descriptionOf(node),
      band: bandOfNode(node),
      children: node.children.map(walk),
    });
    return { message: this.message, items: this.nodes.map(walk) };
  }

  choices(): { periods: string[]; owners: string[] } {
    return filterChoices(this.tree);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.changed.dispose();
    this.refreshed.dispose();
  }
}

function labelOf(node: ProgressNode): string {
  if (node.kind === 'unit') return node.unit.title;
  if (node.kind === 'objective') return `${node.objective.id}: ${node.objective.title}`;
  const text = node.kr.text.length > 120 ? `${node.kr.text.slice(0, 119)}…` : node.kr.text;
  return `${node.kr.id}: ${text}`;
}

function descriptionOf(node: ProgressNode): string {
  const parts = [formatPercent(progressOf(node))];
  if (node.kind === 'kr' && node.kr.confidence !== null) parts.push(`confidence ${Math.round(node.kr.confidence * 100)}%`);
  const owner = node.kind === 'unit' ? node.unit.owner : node.kind === 'objective' ? node.objective.owner : node.kr.owner;
  if (owner) parts.push(owner);
  if (node.kind === 'unit' && node.unit.period) parts.push(node.unit.period);
  return parts.join(' · ');
}

function quantity(value: number | null, unit: string | null): string {
  if (value === null) return '—';
  if (!unit) return String(value);
  if (/^[$€£¥]$/.test(unit)) return `${unit}${value}`;
  return /^[%x]$|^\//.test(unit) ? `${value}${unit}` : `${value} ${unit}`;
}

function krDetails(kr: TreeKr, md: vscode.MarkdownString): void {
  if (kr.kind === 'metric') {
    md.appendMarkdown('\n\n');
    md.appendText(`${quantity(kr.baseline, kr.unit)} → ${quantity(kr.current, kr.unit)} → ${quantity(kr.target, kr.unit)}`);
    md.appendMarkdown(' (baseline → current → target)');
  }
  if (kr.confidence !== null) md.appendMarkdown(`\n\nConfidence: ${Math.round(kr.confidence * 100)}%`);
  const last = kr.checkins[kr.checkins.length - 1];
  if (last) {
    md.appendMarkdown('\n\nLast check-in: ');
    md.appendText(`${last.date}: ${quantity(last.value, kr.unit)}${last.confidence !== null ? ` (confidence ${Math.round(last.confidence * 100)}%)` : ''}${last.note ? ` — ${last.note}` : ''}`);
  }
  if (kr.rolledUp) md.appendMarkdown(`\n\nProgress rolled up from ${kr.alignedChildren} aligned objective(s).`);
}

function tooltipOf(node: ProgressNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(labelOf(node));
  md.appendMarkdown('**\n\n');
  md.appendText(`Progress: ${formatPercent(progressOf(node))} (${bandLabel(bandOfNode(node)).toLowerCase()})`);
  if (node.kind === 'kr') krDetails(node.kr, md);
  if (node.kind === 'objective' && node.objective.aligns.length) {
    md.appendMarkdown('\n\nAligns to: ');
    md.appendText(node.objective.aligns.join(', '));
  }
  if (node.kind === 'unit') {
    md.appendMarkdown('\n\n');
    md.appendText(`${node.unit.id}${node.unit.period ? ` · ${node.unit.period}` : ''}${node.unit.parent ? ` · parent ${node.unit.parent}` : ''}`);
  }
  return md;
}

/** Registers the view, its toolbar commands and the refresh triggers. */
export function registerProgressView(context: vscode.ExtensionContext, server: OkrServer): ProgressTreeProvider {
  const provider = new ProgressTreeProvider(server.client);
  const view = vscode.window.createTreeView(PROGRESS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;

  const setContext = () => {
    void vscode.commands.executeCommand('setContext', 'okr.progress.scope', provider.scope);
    void vscode.commands.executeCommand('setContext', 'okr.progress.atRiskOnly', !!provider.filter.atRiskOnly);
    void vscode.commands.executeCommand('setContext', 'okr.progress.filtered', !!(provider.filter.period || provider.filter.owner));
    view.description = [provider.scope === 'file' ? 'this file' : undefined, provider.filter.period, provider.filter.owner, provider.filter.atRiskOnly ? 'at risk' : undefined]
      .filter(Boolean)
      .join(' · ');
  };
  const update = (change: () => void) => {
    change();
    setContext();
    return provider.refresh();
  };
  const pick = async (items: string[], placeHolder: string, current: string | undefined) => {
    const all = '$(clear-all) All';
    const choice = await vscode.window.showQuickPick([all, ...items], { placeHolder: current ? `${placeHolder} (now: ${current})` : placeHolder });
    return choice === undefined ? undefined : choice === all ? '' : choice;
  };

  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand('okr.progress.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('okr.progress.showFile', () => update(() => (provider.scope = 'file'))),
    vscode.commands.registerCommand('okr.progress.showWorkspace', () => update(() => (provider.scope = 'workspace'))),
    vscode.commands.registerCommand('okr.progress.showAtRiskOnly', () => update(() => (provider.filter = { ...provider.filter, atRiskOnly: true }))),
    vscode.commands.registerCommand('okr.progress.showAll', () => update(() => (provider.filter = { ...provider.filter, atRiskOnly: false }))),
    // Filters take an argument (for keybindings and tests) or ask with a quick pick.
    vscode.commands.registerCommand('okr.progress.filterPeriod', async (period?: string) => {
      const value = typeof period === 'string' ? period : await pick(provider.choices().periods, 'Show only this period', provider.filter.period);
      if (value !== undefined) await update(() => (provider.filter = { ...provider.filter, period: value || undefined }));
    }),
    vscode.commands.registerCommand('okr.progress.filterOwner', async (owner?: string) => {
      const value = typeof owner === 'string' ? owner : await pick(provider.choices().owners, 'Show only this owner or team', provider.filter.owner);
      if (value !== undefined) await update(() => (provider.filter = { ...provider.filter, owner: value || undefined }));
    }),
    vscode.commands.registerCommand('okr.progress.clearFilters', () => update(() => (provider.filter = {}))),
    server.onIndexChanged(() => provider.scheduleRefresh()),
    server.onRestarted(() => provider.scheduleRefresh()),
    vscode.window.onDidChangeActiveTextEditor(() => {
      if (provider.scope === 'file') provider.scheduleRefresh();
    }),
  );
  setContext();
  void provider.refresh();
  return provider;
}
