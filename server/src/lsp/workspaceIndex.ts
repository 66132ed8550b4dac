// The server's view of every OKR file: disk files from the scan and the watcher, overlaid by open documents.
// Besides the core OkrWorkspace it keeps a reverse map of who references whom, so that after a change only the
// files whose cross-file results can change are linted again — and none when the change left every id,
// reference and period as it was (a keystroke in a KR's text).
import { dirOf, joinPath, OkrWorkspace, sameCrossFile } from '../core/workspace';
import type { OkrDocument } from '../core/model';
import { outlineOfEntry, referencesIn, type ClosedFile, type Outline, type OutlineReference } from '../core/outline';

export class WorkspaceIndex {
  readonly workspace = new OkrWorkspace();
  /** Reference target key (`unit:<id>` or `path:<abs>`) → paths of the files that reference it. */
  private referrers = new Map<string, Set<string>>();
  private targetsOf = new Map<string, string[]>();
  /** Bumped whenever something other files can see changed: cross-file results older than this may be stale. */
  crossEpoch = 0;

  private targetKey(ref: OutlineReference, fromPath: string): string | null {
    if (ref.path) return `path:${joinPath(dirOf(fromPath), ref.path).replace(/\.okr\.md$/i, '')}`;
    return ref.unit ? `unit:${ref.unit.toLowerCase()}` : null;
  }

  private unitIdsCache: { epoch: number; ids: string[] } | null = null;

  /** Every unit id, sorted; recomputed only when something other files can see changed (not per keystroke). */
  unitIds(): string[] {
    if (this.unitIdsCache?.epoch !== this.crossEpoch) this.unitIdsCache = { epoch: this.crossEpoch, ids: this.workspace.unitIds() };
    return this.unitIdsCache.ids;
  }

  /** The full model (a closed file is parsed again). */
  get(path: string): OkrDocument | undefined {
    return this.workspace.get(path);
  }

  has(path: string): boolean {
    return this.workspace.has(path);
  }

  paths(): string[] {
    return [...this.workspace.paths()];
  }

  /**
   * Stores a document and returns the other paths whose cross-file findings may have changed
   * (empty when nothing other files can see changed). `bulk` skips that answer: the scan re-checks
   * every open document once at its end anyway.
   */
  set(path: string, entry: OkrDocument | ClosedFile, bulk = false): Set<string> {
    const before = this.workspace.outline(path);
    const doc = outlineOfEntry(entry);
    const same = before !== undefined && sameCrossFile(before, doc);
    const affected = same || bulk ? new Set<string>() : this.dependents(path, before);
    this.workspace.set(path, entry, same);
    if (!same) {
      this.crossEpoch++;
      this.unlink(path);
      const targets = [...new Set(referencesIn(doc).map((r) => this.targetKey(r, path)).filter((k): k is string => k !== null))];
      for (const key of targets) {
        let set = this.referrers.get(key);
        if (!set) this.referrers.set(key, (set = new Set()));
        set.add(path);
      }
      this.targetsOf.set(path, targets);
      if (!bulk) for (const p of this.dependents(path, doc)) affected.add(p);
    }
    affected.delete(path);
    return affected;
  }

  /** Removes a document; returns the paths whose cross-file findings may change. */
  delete(path: string): Set<string> {
    const before = this.workspace.outline(path);
    if (!before) return new Set();
    const affected = this.dependents(path, before);
    this.workspace.delete(path);
    this.crossEpoch++;
    this.unlink(path);
    affected.delete(path);
    return affected;
  }

  private unlink(path: string): void {
    for (const key of this.targetsOf.get(path) ?? []) this.referrers.get(key)?.delete(path);
    this.targetsOf.delete(path);
  }

  /**
   * Files whose cross-file findings depend on `doc` at `path`: those referencing its unit or its file, those sharing
   * its unit id (duplicate-id), and the chain of units it references (their cycles and children counts).
   */
  private dependents(path: string, doc: Outline | undefined): Set<string> {
    const out = new Set<string>();
    if (!doc) return out;
    for (const p of this.referrers.get(`unit:${doc.unitId.toLowerCase()}`) ?? []) out.add(p);
    for (const p of this.referrers.get(`path:${path.replace(/\\/g, '/').replace(/\.okr\.md$/i, '')}`) ?? []) out.add(p);
    for (const other of this.workspace.docsForUnit(doc.unitId)) out.add(other);
    // Follow references upwards (bounded by the visited set) so every member of a cycle through this file is included.
    const queue = [...referencesIn(doc).map((ref) => ({ ref, from: path }))];
    const seen = new Set<string>([path]);
    while (queue.length) {
      const { ref, from } = queue.shift()!;
      const target = this.workspace.locate(ref, from);
      if (!target || seen.has(target.path)) continue;
      seen.add(target.path);
      out.add(target.path);
      queue.push(...referencesIn(target.outline).map((r) => ({ ref: r, from: target.path })));
    }
    return out;
  }
}
