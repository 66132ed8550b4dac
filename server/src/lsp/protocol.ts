// The custom part of the protocol, shared by the server and any client (see docs/protocol.md).
// Plain types and method names only, so the VS Code client can import them without pulling in the server.
import type { TextEdit, TreeJson } from '../core/model';

/** `okr/tree`: the cascade of one file (`scope: 'file'`) or of the whole workspace, as `okr tree --format json` prints it. */
export const TreeRequest = 'okr/tree';
export interface TreeParams {
  /** Required for `scope: 'file'`. */
  uri?: string;
  scope: 'file' | 'workspace';
}
export type TreeResult = TreeJson;

/** `okr/preview`: the focus unit and every unit in its chain above (parents) and below (descendants). */
export const PreviewRequest = 'okr/preview';
export interface PreviewParams {
  uri: string;
}
export interface PreviewResult {
  /** Unit id of the document. */
  focus: string;
  tree: TreeJson;
}

/** `okr/indexChanged` (server → client): the index changed for these documents; views should refresh. */
export const IndexChangedNotification = 'okr/indexChanged';
export interface IndexChangedParams {
  uris: string[];
}

/**
 * `okr/periodEdits`: the text edits of "start next period" (`startNextPeriod`: next period, baselines set to the
 * current values, check-ins cleared) or "score period" (`score`: each KR's `score:` and a results section) for an
 * open document. `period` is the new period (startNextPeriod only). null when the document is not open.
 */
export const PeriodEditsRequest = 'okr/periodEdits';
export interface PeriodEditsParams {
  uri: string;
  action: 'startNextPeriod' | 'score';
  /** The client's local date (YYYY-MM-DD) for the results section; default: the server's. */
  today?: string;
}
export interface PeriodEditsResult {
  edits: TextEdit[];
  period: string | null;
}

/** `okr/debug/documentText`: the server's copy of an open document (for tests and bug reports). */
export const DocumentTextRequest = 'okr/debug/documentText';
export interface DocumentTextParams {
  uri: string;
}
export interface DocumentTextResult {
  /** null when the document is not open. */
  text: string | null;
  version: number | null;
  /** Objective sections the last parse of this document read afresh (the others came from its section cache). */
  sectionsParsed: number | null;
}

/** The client command that opens a rule's documentation; arguments: `[url: string]`. */
export const ShowRuleDocsCommand = 'okr.showRuleDocs';

/** The code action kind of "fix all safe problems" (for `editor.codeActionsOnSave`). */
export const FixAllKind = 'source.fixAll.okr';
