// The snippets must expand into OKR text the parser reads as intended, and the language
// configuration must treat references as one word and continue list items on Enter.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseOkr } from '../../server/src/core/parse';

const root = process.cwd();
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));

interface Snippet {
  prefix: string[];
  body: string[];
}
const snippets: Record<string, Snippet> = readJson('snippets/okr.json');

const today = { CURRENT_YEAR: '2026', CURRENT_MONTH: '11', CURRENT_DATE: '23' };

/**
 * Expands a snippet the way an editor does: each tab stop gets the text typed into it,
 * else keeps its default (a choice its first option).
 */
function expand(name: string, typed: Record<number, string> = {}): string {
  const snippet = snippets[name];
  assert.ok(snippet, `snippet "${name}" exists`);
  return snippet.body
    .join('\n')
    .replace(/\$\{(\d+)\|([^,|]*)[^}]*\}/g, (_, n: string, first: string) => typed[Number(n)] ?? first)
    .replace(/\$\{(\d+):([^}]*)\}/g, (_, n: string, placeholder: string) => typed[Number(n)] ?? placeholder)
    .replace(/\$(CURRENT_YEAR|CURRENT_MONTH|CURRENT_DATE)/g, (_, v: keyof typeof today) => today[v])
    .replace(/\$\d+/g, '');
}

const frontMatter = '---\nteam: Growth\nperiod: 2026-Q4\n---\n\n';

describe('snippets', () => {
  it('contributes the four snippets for the okr language', () => {
    const manifest = readJson('package.json');
    assert.deepEqual(manifest.contributes.snippets, [{ language: 'okr', path: './snippets/okr.json' }]);
    assert.deepEqual(Object.keys(snippets).sort(), ['Check-in', 'Metric key result', 'Milestone key result', 'Objective']);
  });

  it('objective: a heading with an alignment, an owner and a metric KR', () => {
    const doc = parseOkr(frontMatter + expand('Objective', { 6: 'activation', 7: '40%', 8: '55%' }));
    assert.equal(doc.objectives.length, 1);
    const [objective] = doc.objectives;
    assert.equal(objective.id, 'O1');
    assert.equal(objective.owner, 'Name');
    assert.deepEqual(
      objective.aligns.map((r) => [r.unit, r.objective, r.kr]),
      [['parent', 'O1', 'KR1']],
    );
    assert.equal(objective.krs.length, 1);
    assert.equal(objective.krs[0].kind, 'metric');
    assert.equal(objective.krs[0].text, 'Increase activation from 40% to 55%');
    assert.equal(objective.krs[0].metric.form, 'from-to');
    assert.equal(objective.krs[0].confidence?.value, 0.7);
  });

  it('metric KR, milestone KR and check-in parse under an objective', () => {
    const text = `${frontMatter}## O1: Objective\n\n${expand('Metric key result')}\n${expand('Milestone key result')}`;
    const krs = parseOkr(text).objectives[0].krs;
    assert.deepEqual(
      krs.map((kr) => [kr.id, kr.kind, kr.owner, kr.confidence?.value]),
      [
        ['KR1', 'metric', 'Name', 0.7],
        ['KR1', 'milestone', null, 0.5],
      ],
    );

    const withCheckIn = `${frontMatter}## O1: Objective\n\n- KR1: Increase activation from 40% to 55%\n  ${expand('Check-in')}`;
    const [checkin] = parseOkr(withCheckIn).objectives[0].krs[0].checkins;
    assert.equal(checkin.date, '2026-11-23');
    assert.equal(checkin.confidence, 0.7);
    assert.equal(checkin.note, 'what changed');
  });
});

describe('language configuration', () => {
  const config = readJson('language-configuration.json');

  it('is the configuration of the okr language', () => {
    const manifest = readJson('package.json');
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'okr');
    assert.equal(language.configuration, './language-configuration.json');
    assert.deepEqual(config.comments.blockComment, ['<!--', '-->']);
  });

  it('keeps ids, references and dates together as one word', () => {
    const word = new RegExp(config.wordPattern.pattern, `g${config.wordPattern.flags}`);
    const words = (text: string) => text.match(word);
    assert.deepEqual(words('Aligns: product#O1.KR2, company#O3.'), ['Aligns', 'product#O1.KR2', 'company#O3']);
    assert.deepEqual(words('See O1.KR2 — 2026-11-18: 98.1%'), ['See', 'O1.KR2', '2026-11-18', '98.1']);
    assert.deepEqual(words('Réduire la durée'), ['Réduire', 'la', 'durée']);
  });

  it('continues list items and tasks on Enter', () => {
    const rules: { beforeText: string; action: { appendText: string } }[] = config.onEnterRules;
    const continuation = (line: string) => rules.find((r) => new RegExp(r.beforeText).test(line))?.action.appendText;
    assert.equal(continuation('- [ ] KR3: Sign a partnership'), '- [ ] ');
    assert.equal(continuation('- [x] KR3: Sign a partnership'), '- [ ] ');
    assert.equal(continuation('- KR1: Increase activation from 40% to 55%'), '- ');
    assert.equal(continuation('  - 2026-11-18: 42%'), '- ');
    assert.equal(continuation('- '), undefined, 'an empty item ends the list');
    assert.equal(continuation('Owner: Sam'), undefined);
  });
});
