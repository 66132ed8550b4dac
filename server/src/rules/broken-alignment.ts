import { didYouMean, suggester } from '../core/config';
import type { OkrWorkspace } from '../core/workspace';
import type { OkrDocument, Reference } from '../core/model';
import type { Outline } from '../core/outline';
import type { Fix, Report, Rule, RuleContext } from './types';
import { allOutlines, referencesOf, refKey, resolutionState, resolveRef } from './references';

export const brokenAlignment: Rule = {
  meta: {
    id: 'broken-alignment',
    severity: 'error',
    description: 'An Aligns reference or parent does not resolve (with a did-you-mean).',
    fixable: true,
    scope: 'workspace',
    perObjective: resolutionState,
    options: {},
  },
  check: checkBrokenAlignment,
  checkDocument: checkParent,
};

/** The first document (in path order) whose unit id is exactly `unitId`. */
type UnitLookup = (unitId: string) => { path: string; doc: Outline } | undefined;

interface Explainer {
  version: number;
  docs: Array<{ path: string; doc: Outline }>;
  unitDoc: UnitLookup;
  suggestUnit: (word: string) => string | null;
}

/** Per workspace state, the document list and a unit-id suggester, built once and only when a reference fails. */
const explainers = new WeakMap<OkrWorkspace, Explainer>();

function explainerFor(ctx: RuleContext): Explainer {
  const ws = ctx.workspace;
  if (!ws) {
    const docs = [{ path: ctx.path ?? '', doc: ctx.doc }];
    return { version: 0, docs, unitDoc: (id) => docs.find((d) => d.doc.unitId === id), suggestUnit: suggester([ctx.doc.unitId]) };
  }
  let e = explainers.get(ws);
  // Keyed by the cross-file version: a keystroke that leaves every id and reference as it was keeps the list
  // (only paths and ids are read from it), instead of listing and sorting the whole workspace again.
  if (!e || e.version !== ws.crossVersion) {
    const docs = allOutlines(ws);
    // Through the workspace's unit index, not a scan of every file: a large workspace has hundreds of broken references.
    const unitDoc: UnitLookup = (id) => ws.docsForUnit(id).map((path) => ({ path, doc: ws.outline(path)! })).find((d) => d.doc.unitId === id);
    e = { version: ws.crossVersion, docs, unitDoc, suggestUnit: suggester(docs.map((d) => d.doc.unitId)) };
    explainers.set(ws, e);
  }
  return e;
}

function checkParent(ctx: RuleContext, report: Report): void {
  const parent = ctx.doc.parent;
  if (parent && ctx.workspace && resolveRef(ctx, parent) === null) {
    const units = explainerFor(ctx).docs.map((d) => d.doc.unitId).filter((u) => u !== ctx.doc.unitId);
    const name = parent.unit ?? parent.path ?? parent.raw;
    const suggested = explainerFor(ctx).suggestUnit(name);
    const hint = suggested !== ctx.doc.unitId ? suggested : null;
    report({
      message: `parent '${parent.raw}' matches no unit in the workspace.${hint ? ` Did you mean '${hint}'?` : units.length ? ` Known units: ${units.slice(0, 8).join(', ')}${units.length > 8 ? ', …' : ''}.` : ''}`,
      range: parent.range,
      fixes: hint ? [{ title: `Change to '${hint}'`, edits: [{ range: parent.range, newText: hint }], safe: false }] : [],
    });
  }
}

function checkBrokenAlignment(ctx: RuleContext, report: Report): void {
  for (const { ref } of referencesOf(ctx.objectives)) {
    if (resolveRef(ctx, ref) !== null) continue;
    const explainer = explainerFor(ctx);
    const { message, replacement } = explain(ref, ctx.doc, explainer.docs, explainer.unitDoc, explainer.suggestUnit);
    const fixes: Fix[] = replacement ? [{ title: `Change to '${replacement.label}'`, edits: [{ range: ref.range, newText: replacement.text }], safe: false }] : [];
    report({ message, range: ref.range, fixes });
  }
}

const replacement = (text: string | null, label: string) => (text === null ? null : { text, label });

/** Which part of the reference fails, and the closest thing that exists. */
function explain(ref: Reference, self: OkrDocument, docs: Array<{ path: string; doc: Outline }>, unitDoc: UnitLookup, suggestUnit: (word: string) => string | null): { message: string; replacement: { text: string; label: string } | null } {
  const unitName = ref.unit ?? self.unitId;
  const target = ref.path ? docs.find((d) => d.path.endsWith(ref.path!.replace(/^(\.\.?\/)+/, ''))) : unitDoc(unitName);
  // Swaps only the wrong part of the reference as written, so link and path forms keep their shape.
  const swap = (old: string, next: string, last: boolean) => {
    const i = last ? ref.raw.lastIndexOf(old) : ref.raw.indexOf(old);
    return i < 0 ? null : ref.raw.slice(0, i) + next + ref.raw.slice(i + old.length);
  };
  if (!target) {
    const hint = ref.path ? null : suggestUnit(unitName);
    return {
      message: `'${ref.raw}' points to unit '${ref.path ?? unitName}', which is not in the workspace.${hint ? ` Did you mean '${hint}'?` : ''}`,
      replacement: hint ? replacement(swap(unitName, hint, false), refKey(hint, ref.objective, ref.kr)) : null,
    };
  }
  const objective = target.doc.objectives.find((o) => o.id === ref.objective);
  if (!objective) {
    const ids = target.doc.objectives.map((o) => o.id);
    const hint = ref.objective ? didYouMean(ref.objective, ids) : null;
    return {
      message: `${target.doc.unitId} has no objective ${ref.objective ?? ''}.${hint ? ` Did you mean ${hint}?` : ids.length ? ` Its objectives: ${ids.join(', ')}.` : ''}`,
      replacement: hint && ref.objective ? replacement(swap(ref.objective, hint, !ref.kr), refKey(target.doc.unitId, hint, ref.kr)) : null,
    };
  }
  const ids = objective.krs.map((k) => k.id);
  const hint = ref.kr ? didYouMean(ref.kr, ids) : null;
  return {
    message: `${target.doc.unitId}#${objective.id} has no ${ref.kr ?? 'such KR'}.${hint ? ` Did you mean ${hint}?` : ids.length ? ` Its KRs: ${ids.join(', ')}.` : ''}`,
    replacement: hint && ref.kr ? replacement(swap(ref.kr, hint, true), refKey(target.doc.unitId, objective.id, hint)) : null,
  };
}
