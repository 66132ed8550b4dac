// The README's rule table is what users read first: it must say what the registry does. And the
// OKR files the documentation shows must be files the product reads as clean OKRs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parseOkr } from '../../server/src/core/parse';
import { lintDocument } from '../../server/src/rules/engine';
import { ruleDocsUrl, rules } from '../../server/src/rules/index';

const root = process.cwd();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The rows between `<!-- rules:start -->` and `<!-- rules:end -->` as [id, link, severity, description]. */
function ruleTable(): string[][] {
  const start = readme.indexOf('<!-- rules:start -->');
  const end = readme.indexOf('<!-- rules:end -->');
  assert.ok(start >= 0 && end > start, 'README has the rules:start/rules:end markers');
  return readme
    .slice(start, end)
    .split('\n')
    .map((line) => /^\| \[`([\w-]+)`\]\(([^)]+)\) \| (\w+) \| (.+) \|$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => m.slice(1));
}

describe('README rule table', () => {
  it('lists every rule of the registry, in its order, with its default severity and description', () => {
    assert.deepEqual(
      ruleTable().map(([id, , severity, description]) => [id, severity, description]),
      rules.map((r) => [r.meta.id, r.meta.severity, r.meta.description]),
    );
  });

  it('links each rule to its documentation page', () => {
    for (const [id, link] of ruleTable()) {
      assert.equal(link, `docs/rules/${id}.md`);
      assert.ok(ruleDocsUrl(id).endsWith(`/docs/rules/${id}.md`), ruleDocsUrl(id));
    }
  });
});

describe('README settings table', () => {
  it('lists every okr.* setting of the manifest with its default', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const properties: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;
    const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
    const rows = [...readme.matchAll(/^\| `(okr\.[\w.]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      rows.sort(),
      Object.entries(properties)
        .map(([key, p]) => [key, shown(p.default)])
        .sort(),
    );
  });
});

describe('README commands table', () => {
  it('names commands and keys of the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const titles = new Set(manifest.contributes.commands.map((c: { category?: string; title: string }) => `${c.category}: ${c.title}`));
    const section = readme.slice(readme.indexOf('## In VS Code'), readme.indexOf('## Command line'));
    const rows = [...section.matchAll(/^\| (OKR: [^|]+?) \|([^|]*)\|/gm)];
    assert.ok(rows.length >= 5);
    for (const [, title, keys] of rows) {
      assert.ok(titles.has(title), `${title} is a command`);
      if (!keys.trim()) continue;
      const key = keys.replace(/<\/?kbd>/g, '').toLowerCase().trim();
      const command = manifest.contributes.commands.find((c: { title: string }) => `OKR: ${c.title}` === title).command;
      const binding = manifest.contributes.keybindings.find((k: { command: string }) => k.command === command);
      assert.equal(binding?.key, key, `${title} is bound to ${key}`);
    }
  });
});

describe('documented examples', () => {
  for (const file of ['README.md', 'docs/format.md']) {
    it(`the OKR files shown in ${file} parse and lint clean`, () => {
      const text = readFileSync(join(root, file), 'utf8');
      const examples = [...text.matchAll(/```markdown\n([\s\S]*?)```/g)].map((m) => m[1]).filter((e) => /^period:/m.test(e));
      assert.ok(examples.length > 0, `${file} shows a complete OKR file`);
      for (const example of examples) {
        const doc = parseOkr(example);
        assert.deepEqual(doc.problems, []);
        assert.ok(doc.objectives.length > 0 && doc.objectives.every((o) => o.krs.length >= 3));
        assert.deepEqual(lintDocument(doc, example, { today: '2026-11-23' }), []);
      }
    });
  }
});

describe('documentation links', () => {
  for (const file of ['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md', 'docs/README.md', 'docs/format.md']) {
    it(`every relative link and image in ${file} points to a file of the repository`, () => {
      // Code blocks and code spans show syntax, not links.
      const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      const targets = [...text.matchAll(/\]\(([^)#\s]+)[^)]*\)|(?:src|srcset)="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
      const local = targets.filter((t) => !/^[a-z]+:/.test(t));
      assert.ok(local.length > 0);
      for (const target of local) assert.ok(existsSync(join(root, dirname(file), target)), `${file} links to ${target}`);
    });
  }
});
