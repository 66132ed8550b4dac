// What every feature handler needs from the server: the current model of a document and the index.
import type { OkrDocument } from '../core/model';
import type { WorkspaceIndex } from './workspaceIndex';

export interface Snapshot {
  uri: string;
  /** The key of the document in the index. */
  path: string;
  doc: OkrDocument;
}

export interface FeatureContext {
  index: WorkspaceIndex;
  /** The current model of an open document, else of an indexed file; null for unknown or oversized documents. */
  snapshot(uri: string): Snapshot | null;
  /** The uri to send for an indexed path (the client's own spelling for open documents). */
  uriFor(path: string): string;
}
