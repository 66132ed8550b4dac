// Go to definition, find references and rename for units, objectives and KRs across the workspace.
// A position names a target either where it is declared (heading id, KR id, front-matter `id`) or through
// the part of a reference under the cursor (`product` in `product#O1.KR2` names the unit, `KR2` the KR).
import { Location, ResponseError, ErrorCodes, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { KeyResult, Objective, OkrDocument, Position, Range } from '../core/model';
import { referencesIn } from '../core/outline';
import { contains, krAt, referenceAt, referenceParts, unitIdRange } from './locate';
import type { FeatureContext } from './context';

export type Part = 'unit' | 'objective' | 'kr';

export interface Target {
  path: string;
  doc: OkrDocument;
  objective: Objective | null;
  kr: KeyResult | null;
  part: Part;
  /** The token under the cursor that names the target. */
  range: Range;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The target named at a position, or null. */
export function targetAt(ctx: FeatureContext, path: string, doc: OkrDocument, pos: Position): Target | null {
  const ref = referenceAt(doc, pos);
  if (ref) {
    const resolved = ctx.index.workspace.resolve(ref, path);
    if (!resolved) return null;
    const parts = referenceParts(ref);
    const at = (part: Part, range: Range | null) => range && contains(range, pos) ? { ...resolved, part, range } : null;
    return (
      at('kr', parts.kr) ??
      at('objective', parts.objective) ??
      at('unit', parts.unit) ?? {
        ...resolved,
        part: resolved.kr ? 'kr' : resolved.objective ? 'objective' : 'unit',
        range: ref.range,
      }
    );
  }
  const idRange = unitIdRange(doc);
  if (idRange && contains(idRange, pos)) return { path, doc, objective: null, kr: null, part: 'unit', range: idRange };
  const hit = krAt(doc, pos);
  if (hit?.kr.idRange && contains(hit.kr.idRange, pos)) return { path, doc, objective: hit.objective, kr: hit.kr, part: 'kr', range: hit.kr.idRange };
  const objective = doc.objectives.find((o) => contains(o.headingRange, pos));
  if (objective) return { path, doc, objective, kr: null, part: 'objective', range: objective.idRange ?? objective.headingRange };
  return null;
}

/** Where a target is declared. */
export function declaration(target: Pick<Target, 'doc' | 'objective' | 'kr'>): Range {
  if (target.kr) return target.kr.lineRange;
  if (target.objective) return target.objective.headingRange;
  return unitIdRange(target.doc) ?? ZERO;
}

export function definition(ctx: FeatureContext, uri: string, pos: Position): Location | null {
  const snap = ctx.snapshot(uri);
  if (!snap) return null;
  const ref = referenceAt(snap.doc, pos);
  if (!ref) return null;
  const resolved = ctx.index.workspace.resolve(ref, snap.path);
  return resolved ? Location.create(ctx.uriFor(resolved.path), declaration(resolved)) : null;
}

interface Use {
  path: string;
  range: Range;
  /** The range of the part of the reference that names the target. */
  part: Range | null;
}

/** Every reference in the workspace that resolves to the target (for a unit: to anything in it). */
function usesOf(ctx: FeatureContext, target: Target): Use[] {
  const ws = ctx.index.workspace;
  const objective = target.objective ? target.doc.objectives.indexOf(target.objective) : -1;
  const kr = target.kr && target.objective ? target.objective.krs.indexOf(target.kr) : -1;
  const uses: Use[] = [];
  for (const path of ws.paths()) {
    // Positions are in the full model: a closed file is parsed only when one of its references names the target's file.
    if (!referencesIn(ws.outline(path)!).some((ref) => ws.resolveUnit(ref, path) === target.path)) continue;
    for (const ref of referencesIn(ws.get(path)!)) {
      // A unit is used by every reference naming it, even one whose objective does not exist (yet).
      if (target.part === 'unit') {
        if (ws.resolveUnit(ref, path) === target.path && ref.unit !== null) uses.push({ path, range: ref.range, part: referenceParts(ref).unit });
        continue;
      }
      const located = ws.locate(ref, path);
      if (!located || located.path !== target.path || located.objective !== objective) continue;
      const parts = referenceParts(ref);
      if (target.part === 'objective') uses.push({ path, range: ref.range, part: parts.objective });
      else if (target.part === 'kr' && located.kr === kr) uses.push({ path, range: ref.range, part: parts.kr });
    }
  }
  return uses;
}

export function references(ctx: FeatureContext, uri: string, pos: Position, includeDeclaration: boolean): Location[] {
  const snap = ctx.snapshot(uri);
  if (!snap) return [];
  const target = targetAt(ctx, snap.path, snap.doc, pos);
  if (!target) return [];
  const found = usesOf(ctx, target).map((u) => Location.create(ctx.uriFor(u.path), u.range));
  if (includeDeclaration) found.unshift(Location.create(ctx.uriFor(target.path), declaration(target)));
  return found;
}

const ID_SHAPE: Record<Part, RegExp> = {
  unit: /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u,
  objective: /^O\d+$/i,
  kr: /^(?:KR)?\d+$/i,
};

/** The range to rename and its current text, or an error explaining why this cannot be renamed. */
export function prepareRename(ctx: FeatureContext, uri: string, pos: Position): { range: Range; placeholder: string } | null {
  const snap = ctx.snapshot(uri);
  if (!snap) return null;
  const target = targetAt(ctx, snap.path, snap.doc, pos);
  if (!target) return null;
  const current = target.part === 'unit' ? target.doc.unitId : target.part === 'objective' ? target.objective!.id : target.kr!.id;
  if (target.part === 'objective' && !target.objective!.explicitId) {
    throw new ResponseError(ErrorCodes.InvalidRequest, `${current} is numbered by position; write "${current}:" in its heading to give it an id first.`);
  }
  if (target.part === 'kr' && !target.kr!.explicitId) {
    throw new ResponseError(ErrorCodes.InvalidRequest, `${current} is numbered by position; write "${current}:" before its text to give it an id first.`);
  }
  return { range: target.range, placeholder: current };
}

function frontMatterIdEdit(doc: OkrDocument, newId: string, eol = '\n'): TextEdit {
  const existing = unitIdRange(doc);
  if (existing) return { range: existing, newText: newId };
  // The id came from the file name: declare it, so that references and the file agree without renaming the file.
  if (doc.frontMatter) {
    const after = { line: doc.frontMatter.range.start.line + 1, character: 0 };
    return { range: { start: after, end: after }, newText: `id: ${newId}${eol}` };
  }
  return { range: ZERO, newText: `---${eol}id: ${newId}${eol}---${eol}${eol}` };
}

export function rename(ctx: FeatureContext, uri: string, pos: Position, newName: string): WorkspaceEdit | null {
  const snap = ctx.snapshot(uri);
  if (!snap) return null;
  const target = targetAt(ctx, snap.path, snap.doc, pos);
  if (!target) return null;
  prepareRename(ctx, uri, pos);
  const name = newName.trim();
  if (!ID_SHAPE[target.part].test(name)) {
    const shape = target.part === 'unit' ? 'letters, digits, "-", "_" or "."' : target.part === 'objective' ? 'O<number>, e.g. O4' : 'KR<number>, e.g. KR3';
    throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid ${target.part === 'kr' ? 'KR' : target.part} id: use ${shape}.`);
  }
  const canonical = target.part === 'objective' ? name.toUpperCase() : target.part === 'kr' ? `KR${name.replace(/^KR/i, '')}` : name;
  const changes: Record<string, TextEdit[]> = {};
  const add = (path: string, edit: TextEdit) => (changes[ctx.uriFor(path)] ??= []).push(edit);
  if (target.part === 'unit') add(target.path, frontMatterIdEdit(target.doc, canonical));
  else if (target.part === 'objective' && target.objective!.idRange) add(target.path, { range: target.objective!.idRange, newText: canonical });
  else if (target.part === 'kr' && target.kr!.idRange) add(target.path, { range: target.kr!.idRange, newText: canonical });
  for (const use of usesOf(ctx, target)) if (use.part) add(use.path, { range: use.part, newText: canonical });
  return { changes };
}
