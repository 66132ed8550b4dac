// A keystroke re-checks only the edited section: the findings the engine keeps per section and per document
// (its LintSession: the last run's findings, patched where objectives changed; findings moved with a moved section;
// the ids version the cross-objective rules key on) give exactly a fresh lint, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import { parseOkr, SectionCache } from '../../server/src/core/parse';
import { applyDirectives, LintSession, lintDocument, runRules } from '../../server/src/rules/engine';
import { rules } from '../../server/src/rules/index';
import { Rng } from '../../bench/rng';
import { OkrWorkspace } from '../../server/src/core/workspace';
import type { Finding, Rule } from '../../server/src/rules/types';

const TODAY = '2026-11-23';
const metas = rules.map((r) => r.meta);

function objective(n: number | null, krs: string[], aligns = 'Aligns: company#O1'): string {
  return [`## ${n === null ? 'Objective' : `O${n}`}: Make cooks come back ${n ?? ''}`, aligns, '', ...krs, ''].join('\n');
}

const krs = (count: number, ids = true) =>
  Array.from({ length: count }, (_, i) => `- ${ids ? `KR${i + 1}: ` : ''}Raise weekly returning cooks from ${20 + i}% to ${40 + i}%\n  - 2026-10-0${1 + (i % 9)}: ${25 + i}%`);

const BASE = [
  '---',
  'period: 2026-Q4',
  'parent: company',
  '---',
  '',
  '# Cooks',
  '',
  objective(1, krs(3)),
  objective(2, krs(7)),
  objective(null, ['- KR1: Launch the help center', '- KR1: Write 12 help articles', ...krs(4)]),
  objective(2, krs(6, false)),
  objective(5, krs(2), 'Owner: Lena'),
].join('\n');

/** The run each cache's document had last, as the server keeps one per open document. */
const sessions = new WeakMap<SectionCache, LintSession>();

/** Lints the text parsed with the cache twice, with the document's session and with only the findings kept per section: both give a fresh lint. */
function sameAsFresh(cache: SectionCache, text: string): void {
  let session = sessions.get(cache);
  if (!session) sessions.set(cache, (session = new LintSession()));
  const doc = parseOkr(text, { cache });
  const withSession = lintDocument(doc, text, { today: TODAY, path: 'x.okr.md', session });
  const perSection = lintDocument(doc, text, { today: TODAY, path: 'x.okr.md' });
  const fresh = lintDocument(parseOkr(text), text, { today: TODAY, path: 'x.okr.md', reuse: false });
  assert.deepEqual(withSession, fresh);
  assert.deepEqual(perSection, fresh);
}

test('kept findings equal a fresh lint, in the same order, after edits that move sections, change ids and line endings', () => {
  const found = new Set(lintDocument(parseOkr(BASE), BASE, { today: TODAY }).map((f) => f.ruleId));
  for (const id of ['too-many-krs', 'duplicate-id', 'unaligned-objective', 'kr-is-output']) assert.ok(found.has(id), id);
  const cache = new SectionCache();
  sameAsFresh(cache, BASE);
  const lines = BASE.split('\n');
  const at = (text: string) => lines.findIndex((l) => l.includes(text));
  const edits: Array<(ls: string[]) => void> = [
    (ls) => (ls[at('from 21%')] += 'x'), // a keystroke in a KR
    (ls) => ls.splice(at('# Cooks') + 1, 0, 'A paragraph above every objective.'), // every section moves
    (ls) => ls.splice(at('## O5'), 0, '## O9: A later objective', '- KR1: Ship it', ''), // the next free objective id changes
    (ls) => ls.splice(at('## O2') + 3, 1), // an objective drops to six KRs
    (ls) => (ls[at('## Objective') - 1] = '## Objective: Untitled'), // positional ids below move on, sections stay
    (ls) => ls.splice(at('## Objective: Untitled'), 1, ''), // and back
    (ls) => (ls[at('Launch the help')] = '- KR3: Launch the help center'), // a repeated KR id is gone
    (ls) => (ls[at('Write 12')] = '- KR3: Write 12 help articles'), // and back
    (ls) => (ls[at('parent:')] = 'parent: group'), // what unaligned-objective says of the parent
    (ls) => (ls[at('parent:')] = 'owner: Lena'), // no parent, no unaligned objective
    (ls) => (ls[at('owner: Lena')] = 'parent: company'),
    (ls) => ls.splice(0, 0, ''), // the first line
    (ls) => ls.push('- KR9: Raise it from 1 to 2'), // the last line
  ];
  for (const edit of edits) {
    edit(lines);
    sameAsFresh(cache, lines.join('\n'));
  }
  sameAsFresh(cache, lines.join('\r\n'));
  sameAsFresh(cache, lines.join('\n'));
});

test('the findings are sorted by position, then rule id as localeCompare orders them', () => {
  const cache = new SectionCache();
  parseOkr(BASE, { cache });
  const doc = parseOkr(BASE, { cache });
  const found = runRules(doc, BASE, { today: TODAY, config: defaultConfig(metas) });
  const expected = [...found].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  assert.ok(found.length > 20);
  assert.deepEqual(applyDirectives(doc, BASE, found), expected);
  // Rule ids the engine does not know are ordered the same way.
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const odd: Finding[] = ['zeta', 'kr-is-output', 'alpha', 'internal-error', 'kr-is-outpus'].map((ruleId) => ({ ruleId, severity: 'warning', message: '', range: at, fixes: [] }));
  assert.deepEqual(applyDirectives(doc, BASE, odd).map((f) => f.ruleId), ['alpha', 'internal-error', 'kr-is-outpus', 'kr-is-output', 'zeta']);
});

test('a per-objective rule that throws in one section reports one internal error and none of its findings, as a fresh lint does', () => {
  const broken: Rule = {
    meta: { id: 'boom-in-o5', severity: 'warning', description: 'test', fixable: false, scope: 'file', perObjective: true, options: {} },
    check: (ctx, report) => {
      for (const o of ctx.doc.objectives) {
        if (o.id === 'O5') throw new Error('kaput');
        report({ message: 'seen', range: o.headingRange });
      }
    },
  };
  rules.push(broken);
  try {
    const cache = new SectionCache();
    sameAsFresh(cache, BASE);
    const text = BASE.replace('from 21%', 'from 21.5%');
    sameAsFresh(cache, text);
    const found = lintDocument(parseOkr(text, { cache }), text, { today: TODAY });
    assert.equal(found.filter((f) => f.ruleId === 'internal-error').length, 1);
    assert.equal(found.filter((f) => f.ruleId === 'boom-in-o5').length, 0);
  } finally {
    rules.pop();
  }
});

test('the section cache reads again only the sections an edit changed, also when one edit spans several', () => {
  const cache = new SectionCache();
  const lines = BASE.split('\n');
  parseOkr(BASE, { cache });
  const first = lines.findIndex((l) => l.includes('from 21%'));
  const last = lines.lastIndexOf(lines.filter((l) => l.includes('from 23%')).pop()!);
  // One replacement from a KR of the second objective to one of the fourth, the third's lines as they were.
  const edited = [...lines.slice(0, first), `${lines[first]} and more`, ...lines.slice(first + 1, last), `${lines[last]} and more`, ...lines.slice(last + 1)].join('\n');
  const fresh = (t: string) => JSON.parse(JSON.stringify(parseOkr(t)));
  assert.deepEqual(JSON.parse(JSON.stringify(parseOkr(edited, { cache }))), fresh(edited));
  assert.equal(cache.misses, 2);
  // A heading typed: the layout is scanned again, and the sections that kept their lines are still found.
  const headed = edited.replace('# Cooks', '# Cooks\n## O7: Typed');
  assert.deepEqual(JSON.parse(JSON.stringify(parseOkr(headed, { cache }))), fresh(headed));
  assert.equal(cache.misses, 1);
  // Back to the start in one edit: the two edited objectives are read again, the one between them is found by its text.
  assert.deepEqual(JSON.parse(JSON.stringify(parseOkr(BASE, { cache }))), fresh(BASE));
  assert.equal(cache.misses, 2);
});

test('typing and deleting single characters anywhere keeps the incremental parse and lint equal to fresh ones', () => {
  // Fixtures with tables, HTML, quotes, fences and link definitions, edited one character at a time as a person types.
  const dir = join(__dirname, '..', 'fixtures', 'parse');
  const typed = ['x', 'é', '7', ' ', '-', '*', '.', ')', ':', '|', '<', '>', '[', ']', '`', '#', '\\'];
  const rng = new Rng(20261123);
  const next = (n: number) => rng.int(0, n - 1);
  let kept = 0;
  for (const name of ['markdown-variety.okr.md', 'full.okr.md', 'forms.okr.md']) {
    const cache = new SectionCache();
    let text = readFileSync(join(dir, name), 'utf8');
    sameAsFresh(cache, text);
    for (let edit = 0; edit < 120; edit++) {
      const lines = text.split('\n');
      const line = next(lines.length);
      const at = next(lines[line].length + 1);
      // Mostly typing, sometimes deleting the character before the cursor (never a line break).
      lines[line] = next(4) === 0 && at > 0 ? lines[line].slice(0, at - 1) + lines[line].slice(at) : lines[line].slice(0, at) + typed[next(typed.length)] + lines[line].slice(at);
      text = lines.join('\n');
      sameAsFresh(cache, text);
      if (cache.misses > cache.blockReads) kept++;
    }
  }
  assert.ok(kept > 40, `only ${kept} edits kept a section's blocks`);
});

test("a document's kept alignment findings follow ids that change in another file of the workspace", () => {
  const company = (krs: string, more = '') => `---\nperiod: 2026-Q4\n---\n# Company\n\n## O1: Grow\n\n${krs}\n${more}`;
  const team = [
    '---',
    'period: 2026-Q4',
    'parent: company',
    '---',
    '',
    '## O1: Make cooks come back',
    'Aligns: company#O1.KR2',
    '',
    '- KR1: Raise weekly returning cooks from 20% to 40%',
    '',
    '## O2: Make the help center useful',
    'Aligns: company#O3',
    '',
    '- KR1: Cut support tickets per cook from 0.4 to 0.2',
    '',
  ].join('\n');
  const cache = new SectionCache();
  const session = new LintSession();
  const workspace = new OkrWorkspace();
  const broken = (companyText: string, teamText: string): string[] => {
    workspace.set('company.okr.md', parseOkr(companyText, { fileName: 'company.okr.md' }));
    const doc = parseOkr(teamText, { fileName: 'team.okr.md', cache });
    workspace.set('team.okr.md', doc);
    const kept = lintDocument(doc, teamText, { today: TODAY, path: 'team.okr.md', workspace, session });
    const freshWorkspace = new OkrWorkspace();
    freshWorkspace.set('company.okr.md', parseOkr(companyText, { fileName: 'company.okr.md' }));
    const freshDoc = parseOkr(teamText, { fileName: 'team.okr.md' });
    freshWorkspace.set('team.okr.md', freshDoc);
    assert.deepEqual(kept, lintDocument(freshDoc, teamText, { today: TODAY, path: 'team.okr.md', workspace: freshWorkspace, reuse: false }));
    periodMismatches = kept.filter((f) => f.ruleId === 'period-mismatch').length;
    return kept.filter((f) => f.ruleId === 'broken-alignment').map((f) => teamText.split('\n')[f.range.start.line]);
  };
  let periodMismatches = 0;
  const twoKrs = '- KR1: Reach 1,000 paying cooks from 400\n- KR2: Raise retention from 30% to 50%';
  assert.deepEqual(broken(company(twoKrs), team), ['Aligns: company#O3']);
  // The company file gains an O3: the team file is unchanged, yet its O2 now resolves.
  const withO3 = company(twoKrs, '\n## O3: Support\n\n- KR1: Cut tickets from 900 to 400\n');
  assert.deepEqual(broken(withO3, team), []);
  // KR2 renamed there: the team's O1 breaks.
  assert.deepEqual(broken(withO3.replace('KR2:', 'KR5:'), team), ['Aligns: company#O1.KR2']);
  // Typing in the team file keeps the same verdict.
  assert.deepEqual(broken(withO3.replace('KR2:', 'KR5:'), team.replace('from 20%', 'from 21%')), ['Aligns: company#O1.KR2']);
  // The team's period moves past the company's: its unchanged sections now align across periods (checked against a fresh lint inside).
  broken(withO3, team.replace('period: 2026-Q4', 'period: 2027-Q1'));
  assert.equal(periodMismatches, 2);
});

test('a line typed above sections moves their kept findings instead of checking them again', () => {
  let checked = 0;
  const counting: Rule = {
    meta: { id: 'counts-checks', severity: 'hint', description: 'test', fixable: false, scope: 'file', perObjective: true, options: {} },
    check: (ctx, report) => {
      for (const o of ctx.objectives) {
        checked++;
        report({ message: 'seen', range: o.headingRange, fixes: [{ title: 'touch', edits: [{ range: o.titleRange, newText: o.title }], safe: false }] });
      }
    },
  };
  rules.push(counting);
  try {
    const cache = new SectionCache();
    sameAsFresh(cache, BASE);
    const lines = BASE.split('\n');
    const below = lines.findIndex((l) => l.startsWith('# Cooks')) + 1;
    const moved = [...lines.slice(0, below), 'A line typed above every objective.', ...lines.slice(below)].join('\n');
    checked = 0;
    sameAsFresh(cache, moved);
    // sameAsFresh lints three times: with the session, with the per-section memo, and fresh; only the fresh one checks.
    assert.equal(checked, parseOkr(moved).objectives.length);
  } finally {
    rules.pop();
  }
});

test('line breaks typed and removed anywhere keep the incremental parse and lint equal to fresh ones', () => {
  const dir = join(__dirname, '..', 'fixtures', 'parse');
  const rng = new Rng(7);
  for (const name of ['full.okr.md', 'forms.okr.md', 'markdown-variety.okr.md']) {
    const cache = new SectionCache();
    let text = readFileSync(join(dir, name), 'utf8');
    sameAsFresh(cache, text);
    for (let edit = 0; edit < 60; edit++) {
      const breaks = [...text.matchAll(/\n/g)].map((m) => m.index!);
      // Enter at a random place, or a line joined to the one above (Backspace at a line's start).
      if (rng.int(0, 2) > 0 || !breaks.length) {
        const at = rng.int(0, text.length);
        text = text.slice(0, at) + '\n' + text.slice(at);
      } else {
        const at = rng.pick(breaks);
        text = text.slice(0, at) + text.slice(at + 1);
      }
      sameAsFresh(cache, text);
    }
  }
});
