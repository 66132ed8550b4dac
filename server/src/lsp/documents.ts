// Open documents with incremental sync. Each keeps its own SectionCache, so re-parsing after a keystroke
// reads only the edited objective section; the model is parsed lazily, once per version.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { parseOkr, SectionCache } from '../core/parse';
import type { OkrDocument } from '../core/model';
import { MAX_FILE_BYTES } from '../node/files';
import { pathOf } from './uri';

export class OpenDocument {
  readonly cache = new SectionCache();
  private model: OkrDocument | null = null;
  private modelVersion = -1;

  constructor(
    readonly uri: string,
    /** File-system path for `file:` documents, else the uri itself: the key in the workspace index. */
    readonly path: string,
    public text: TextDocument,
  ) {}

  get version(): number {
    return this.text.version;
  }

  getText(): string {
    return this.text.getText();
  }

  /** True when the document is over the size limit: it is neither parsed nor linted. */
  get tooLarge(): boolean {
    const text = this.text.getText();
    // UTF-8 takes at most 3 bytes per UTF-16 unit, so short texts need no byte count.
    return text.length * 3 > MAX_FILE_BYTES && Buffer.byteLength(text) > MAX_FILE_BYTES;
  }

  /** The model of the current version (null when too large), parsed at most once per version. */
  parsed(): OkrDocument | null {
    if (this.modelVersion !== this.version) {
      this.model = this.tooLarge ? null : parseOkr(this.getText(), { fileName: this.path, cache: this.cache });
      this.modelVersion = this.version;
    }
    return this.model;
  }
}

export type ChangeOutcome = 'applied' | 'stale' | 'unknown';

export class OpenDocuments {
  private docs = new Map<string, OpenDocument>();

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const doc = new OpenDocument(uri, pathOf(uri), TextDocument.create(uri, languageId, version, text));
    this.docs.set(uri, doc);
    return doc;
  }

  /**
   * Applies content changes in order (LSP semantics: each change is relative to the text after the previous one;
   * ranges past the end are clamped). A change whose version is not newer than the document's is dropped:
   * applying it would corrupt the text.
   */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): ChangeOutcome {
    const doc = this.docs.get(uri);
    if (!doc) return 'unknown';
    if (version <= doc.version) return 'stale';
    doc.text = TextDocument.update(doc.text, changes, version);
    return 'applied';
  }

  close(uri: string): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    this.docs.delete(uri);
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  byPath(path: string): OpenDocument | undefined {
    for (const doc of this.docs.values()) if (doc.path === path) return doc;
    return undefined;
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }
}
