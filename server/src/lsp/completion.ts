// Completion: front-matter keys and values, unit and objective/KR ids in references, KR templates in an
// objective's list, and today's date (plus the data keys) inside a KR.
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { OkrDocument, Position } from '../core/model';
import type { FeatureContext } from './context';
import { contains, objectiveAt } from './locate';
import { localToday } from './lint';

const FRONT_MATTER_KEYS: Array<[string, string]> = [
  ['team', 'Display name of the unit'],
  ['id', 'Unit id used in references (defaults to the file name)'],
  ['owner', 'Who owns these OKRs'],
  ['period', 'The period, e.g. 2026-Q1, 2026-H2, 2026 or 2026-01-01..2026-03-31'],
  ['parent', 'Unit id (or relative path) these OKRs roll up to'],
  ['scoring', 'How scores are written: 0-1, 1-4 or percent'],
];

const KR_DATA_KEYS: Array<[string, string]> = [
  ['confidence', 'confidence: ${1:70%}'],
  ['current', 'current: ${1:value}'],
  ['owner', 'owner: ${1:name}'],
  ['weight', 'weight: ${1:1}'],
  ['score', 'score: ${1:0.7}'],
];

/** Period values around today: this and next quarter, this half, this year. */
export function periodSuggestions(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const next = quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
  return [`${year}-Q${quarter}`, next, `${year}-H${quarter <= 2 ? 1 : 2}`, String(year)];
}

function inFrontMatter(doc: OkrDocument, lines: string[], line: number): boolean {
  if (doc.frontMatter) return line > doc.frontMatter.range.start.line && line < doc.frontMatter.range.end.line;
  // Front matter still being typed: an opening fence with no closing one yet.
  return lines[0]?.trim() === '---' && line > 0 && !lines.slice(1, line).some((l) => l.trim() === '---');
}

/** Unit ids offered at once; beyond this the list is filtered by what is typed and marked incomplete. */
const MAX_UNITS = 200;

/** Lower-case unit ids, per `unitIds()` list (which is kept until the ids change). */
const lowerIds = new WeakMap<string[], string[]>();

function referenceItems(ctx: FeatureContext, path: string, prefix: string): CompletionItem[] | CompletionList {
  const ws = ctx.index.workspace;
  const hash = prefix.lastIndexOf('#');
  if (hash < 0) {
    const typed = prefix.toLowerCase();
    const all = ctx.index.unitIds();
    // Lower-casing 10,000 ids was most of a completion's time: do it once per list.
    const lower = lowerIds.get(all) ?? all.map((id) => id.toLowerCase());
    lowerIds.set(all, lower);
    const ids = all.filter((_, i) => lower[i].includes(typed));
    const items = ids.slice(0, MAX_UNITS).map((id): CompletionItem => {
      const unit = ws.outline(ws.docsForUnit(id)[0]);
      return { label: id, kind: CompletionItemKind.Module, detail: unit ? `${unit.title}${unit.period ? ` · ${unit.period.raw}` : ''}` : undefined };
    });
    // A large workspace: the client asks again as the user types more of the id.
    return ids.length > MAX_UNITS ? { isIncomplete: true, items } : items;
  }
  const unit = prefix.slice(0, hash);
  const target = unit ? ws.outline(ws.docsForUnit(unit)[0] ?? '') : ws.outline(path);
  if (!target) return [];
  const items: CompletionItem[] = [];
  target.objectives.forEach((o, i) => {
    items.push({ label: o.id, kind: CompletionItemKind.Class, detail: o.title, sortText: `${String(i).padStart(4, '0')}` });
    o.krs.forEach((kr, j) =>
      items.push({ label: `${o.id}.${kr.id}`, kind: CompletionItemKind.Field, detail: kr.text, sortText: `${String(i).padStart(4, '0')}.${String(j).padStart(4, '0')}` }),
    );
  });
  return items;
}

function krTemplates(next: number, snippets: boolean): CompletionItem[] {
  const templates: Array<[string, string, string]> = [
    ['KR: from … to …', `KR${next}: \${1:Increase} \${2:metric} from \${3:baseline} to \${4:target}`, 'A metric key result with baseline and target'],
    ['KR: below/above …', `KR${next}: \${1:Keep} \${2:metric} \${3|below,above,at least,at most|} \${4:threshold}`, 'A threshold key result'],
    ['KR: milestone', `[ ] KR${next}: \${1:Milestone that proves the outcome}\n  - confidence: \${2:50%}`, 'A binary key result, done or not'],
  ];
  return templates.map(([label, snippet, detail]) => ({
    label,
    kind: CompletionItemKind.Snippet,
    detail,
    insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    insertText: snippets ? snippet : snippet.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1'),
  }));
}

export function completion(ctx: FeatureContext, uri: string, lines: string[], pos: Position, snippets: boolean): CompletionItem[] | CompletionList {
  const snap = ctx.snapshot(uri);
  if (!snap) return [];
  const line = lines[pos.line] ?? '';
  const before = line.slice(0, Math.min(pos.character, line.length));
  const today = localToday();

  if (inFrontMatter(snap.doc, lines, pos.line)) {
    const key = /^(\w+)\s*:\s*(\S*)$/.exec(before);
    if (!key) return /^\w*$/.test(before) ? FRONT_MATTER_KEYS.map(([label, detail]) => ({ label, kind: CompletionItemKind.Property, detail, insertText: `${label}: ` })) : [];
    if (key[1] === 'period') return periodSuggestions(today).map((label) => ({ label, kind: CompletionItemKind.Value }));
    if (key[1] === 'scoring') return ['0-1', '1-4', 'percent'].map((label) => ({ label, kind: CompletionItemKind.EnumMember }));
    if (key[1] === 'parent') return referenceItems(ctx, snap.path, key[2].replace(/#.*$/, ''));
    return [];
  }

  const aligns = /^\s*(?:[-*+]\s+)?(?:aligns|supports|parent)\s*:\s*(.*)$/i.exec(before);
  const token = /[^\s,;()[\]]*$/.exec(before)?.[0] ?? '';
  if (aligns || token.includes('#')) return referenceItems(ctx, snap.path, token);

  const objective = objectiveAt(snap.doc, pos);
  if (!objective || contains(objective.headingRange, pos)) return [];
  if (/^[-*+]\s+$/.test(before)) {
    // The item being typed is already a (still empty) KR: number after the others.
    const others = objective.krs.filter((kr) => kr.lineRange.start.line !== pos.line).map((kr) => Number(/\d+/.exec(kr.id)?.[0] ?? 0));
    return krTemplates(Math.max(others.length, ...others) + 1, snippets);
  }
  if (/^\s+[-*+]\s+\d{0,4}$/.test(before)) {
    const items: CompletionItem[] = [
      { label: today, kind: CompletionItemKind.Event, detail: 'Check-in for today', insertText: `${today}: `, sortText: '0' },
    ];
    for (const [label, snippet] of KR_DATA_KEYS) {
      items.push({
        label,
        kind: CompletionItemKind.Property,
        insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        insertText: snippets ? snippet : `${label}: `,
        sortText: `1${label}`,
      });
    }
    return items;
  }
  return [];
}
