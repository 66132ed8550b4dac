// Tokenizes OKR lines with the real Markdown grammar plus our grammars, wired exactly as
// package.json contributes them, and checks the scopes a theme colours.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { parseOkr } from '../../server/src/core/parse';
import { findOkrFiles } from '../../server/src/node/files';

const root = process.cwd();
const requireFromRoot = createRequire(join(root, 'package.json'));

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributions: GrammarContribution[] = manifest.contributes.grammars ?? [];

/** Markdown's own grammar (VS Code's), the host every OKR file is tokenized with, and the HTML it embeds. */
const hostGrammars: Record<string, string> = {
  'text.html.markdown': 'markdown',
  'text.html.derivative': 'html-derivative',
  'text.html.basic': 'html',
};

function grammarFile(scopeName: string): string | null {
  const host = hostGrammars[scopeName];
  if (host) return requireFromRoot.resolve(`tm-grammars/grammars/${host}.json`);
  const found = contributions.find((c) => c.scopeName === scopeName);
  return found ? join(root, found.path) : null;
}

let okrGrammar: vsctm.IGrammar;

before(async () => {
  const wasm = readFileSync(requireFromRoot.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    async loadGrammar(scopeName: string) {
      const file = grammarFile(scopeName);
      // Other embedded languages (YAML, fenced code) are not needed here.
      return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName: string) =>
      contributions.filter((c) => c.injectTo?.includes(scopeName)).map((c) => c.scopeName),
  });
  const language = contributions.find((c) => c.language === 'okr');
  assert.ok(language, 'package.json contributes a grammar for the okr language');
  const grammar = await registry.loadGrammar(language.scopeName);
  assert.ok(grammar);
  okrGrammar = grammar;
});

interface Token {
  text: string;
  scopes: string[];
}

/** Tokenizes a document and returns the tokens of each line. */
function tokenize(text: string): Token[][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const result = okrGrammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token(s) spelling `text` on a line (the whole text must be covered by tokens of one scope). */
function scopesOf(tokens: Token[], text: string): string[] {
  const token = tokens.find((t) => t.text === text);
  assert.ok(token, `no token "${text}" in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token.scopes;
}

function assertScope(tokens: Token[], text: string, scope: string): void {
  const scopes = scopesOf(tokens, text);
  assert.ok(scopes.includes(scope), `"${text}" has ${scopes.join(' ')}, expected ${scope}`);
}

function assertNoOkrScope(tokens: Token[], text: string): void {
  const scopes = tokens.filter((t) => t.text.includes(text)).flatMap((t) => t.scopes);
  assert.ok(scopes.length > 0, `"${text}" not found`);
  const added = scopes.filter((s) => s.endsWith('.okr') && s !== 'text.html.markdown.okr');
  assert.deepEqual(added, [], `"${text}" should keep plain Markdown scopes`);
}

const sample = [
  '---', //                                                              0
  'team: Growth',
  'period: 2026-Q4',
  '---',
  '',
  '# Growth — 2026-Q4', //                                               5
  '',
  '## O1: Make reordering feel effortless',
  'Aligns: product#O1.KR2, company#O3',
  'Owner: Sam Lee',
  '', //                                                                 10
  '- KR1: Increase the 90-day reorder rate from 11% to 18%',
  '  - confidence: 70%',
  '  - 2026-11-18: 15.9% (confidence 0.8) — reminders for oils',
  '- KR2: Reduce p95 API latency 850ms → 300ms',
  '- [ ] KR3: Sign a retail partnership', //                             15
  '  - confidence: 0.4',
  '- KR4: Grow ARR from $8.4M to $12M',
  '- Key result 5: Keep uptime ≥ 99.9%',
  '- KR6: Double weekly savers (from 2.5k) and cut cost by 15% (from €38)',
  '- KR7: Raise rating from 4.1/5 -> 4.6/5 and margin by 4 pp', //      20
  '- KR8: Increase share from 35% to 60% ±5% within 3.2 s or 1,200 users',
  '',
  '### Objective 2: Be loved',
  '',
  'Text with `code#O1 42%` and <!-- 2026-11-18: 42% --> stays Markdown.', // 25
  '',
  '```',
  '- KR1: Increase x from 1% to 2%',
  '```',
  '  - 2026-11-19: 3.0% (70% confidence)', //                           30
].join('\n');

describe('OKR grammar', () => {
  let lines: Token[][];
  before(() => {
    lines = tokenize(sample);
  });

  it('keeps Markdown scopes underneath', () => {
    assertScope(lines[7], ' Make reordering feel effortless', 'markup.heading.markdown');
    assert.ok(lines[11].some((t) => t.scopes.includes('markup.list.unnumbered.markdown')));
    assert.ok(lines[11][0].scopes[0] === 'text.html.markdown.okr', 'root scope is the okr language');
  });

  /** For each scope, the `[line, token text]` pairs of the sample that must carry it. */
  function expectScopes(expected: Record<string, Array<[number, string]>>): void {
    for (const [scope, places] of Object.entries(expected)) {
      for (const [line, text] of places) assertScope(lines[line], text, scope);
    }
  }

  it('marks objective and key result ids', () => {
    expectScopes({
      'entity.name.type.objective.okr': [[7, 'O1'], [23, 'Objective 2']],
      'entity.name.function.key-result.okr': [[11, 'KR1'], [15, 'KR3'], [18, 'Key result 5']],
    });
  });

  it('marks attributes, references, dates and confidence', () => {
    expectScopes({
      'support.type.property-name.okr': [[8, 'Aligns'], [9, 'Owner'], [12, 'confidence']],
      'entity.name.namespace.unit.okr': [[8, 'product'], [8, 'company']],
      'variable.other.constant.objective.okr': [[8, 'O1'], [8, 'O3']],
      'variable.other.constant.key-result.okr': [[8, 'KR2']],
      'constant.other.date.checkin.okr': [[13, '2026-11-18']],
      'support.type.property-name.confidence.okr': [[13, 'confidence'], [30, 'confidence']],
      'punctuation.separator.note.okr': [[13, '—']],
    });
  });

  it('marks numbers, units, scales and currencies', () => {
    expectScopes({
      'constant.numeric.okr': [[11, '11'], [12, '70'], [13, '15.9'], [14, '850'], [17, '8.4'], [19, '2.5'], [21, '1,200']],
      'keyword.other.unit.okr': [[11, '%'], [14, 'ms'], [20, '/5'], [20, 'pp'], [21, 's']],
      'keyword.other.unit.scale.okr': [[17, 'M'], [19, 'k']],
      'keyword.other.unit.currency.okr': [[17, '$'], [19, '€']],
      'keyword.operator.tolerance.okr': [[21, '±']],
    });
  });

  it('does not read numbers inside words, ids or dates', () => {
    assertNoOkrScope(lines[14], 'p95 API latency');
    assertNoOkrScope(lines[11], '90-day');
    assertNoOkrScope(lines[5], '2026-Q4');
  });

  it('marks arrows, movement words, thresholds and multipliers', () => {
    expectScopes({
      'keyword.operator.word.okr': [[11, 'from'], [11, 'to'], [19, 'by']],
      'keyword.operator.arrow.okr': [[14, '→'], [20, '->']],
      'keyword.operator.comparison.okr': [[18, '≥']],
      'keyword.operator.word.multiplier.okr': [[19, 'Double']],
    });
    // "to" in prose, with no value after it, stays plain.
    assertNoOkrScope(tokenize('- KR1: Talk to customers weekly')[0], 'Talk to customers');
  });

  it('leaves code, comments and front matter alone', () => {
    assertNoOkrScope(lines[25], 'code#O1 42%');
    assertNoOkrScope(lines[25], '2026-11-18: 42%');
    assertNoOkrScope(lines[28], 'from 1% to 2%');
    assertNoOkrScope(lines[2], '2026-Q4');
  });

  it('marks the same objectives, key results and check-ins in every sample as the parser reads', () => {
    for (const file of findOkrFiles([join(root, 'samples')])) {
      const text = readFileSync(file, 'utf8');
      const doc = parseOkr(text, { fileName: file });
      const tokens = tokenize(text).flat();
      const withScope = (scope: string) => tokens.filter((t) => t.scopes.includes(scope)).map((t) => t.text);
      const explicit = (id: string, isExplicit: boolean) => (isExplicit ? [id] : []);
      assert.deepEqual(
        withScope('entity.name.type.objective.okr').map((t) => t.replace(/^Objective (\d+)$/, 'O$1')),
        doc.objectives.flatMap((o) => explicit(o.id, o.explicitId)),
        file,
      );
      assert.deepEqual(
        withScope('entity.name.function.key-result.okr').map((t) => t.replace(/^Key result (\d+)$/, 'KR$1')),
        doc.objectives.flatMap((o) => o.krs.flatMap((k) => explicit(k.id, k.explicitId))),
        file,
      );
      assert.deepEqual(
        withScope('constant.other.date.checkin.okr'),
        doc.objectives.flatMap((o) => o.krs.flatMap((k) => k.checkins.map((c) => c.date))),
        file,
      );
    }
  });
});
