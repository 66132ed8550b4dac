// The README's rule table is what users read first: it must say what the registry does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
