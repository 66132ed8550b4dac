// `.okrrc.json` resolution: JSON with comments, extends, levels and options, and problems that
// point at the offending key instead of crashing or being ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigFile, resolveConfig, withOverrides, didYouMean } from '../../server/src/core/config';
import { configLoader, findConfigFile, loadConfigFor } from '../../server/src/node/config-loader';
import { rules } from '../../server/src/rules/index';

const metas = rules.map((r) => r.meta);
const resolve = (text: string) => resolveConfig({ text, file: '.okrrc.json' }, metas);

test('defaults come from the rule table', () => {
  const c = resolveConfig(null, metas);
  assert.equal(c.rules['kr-is-output'].level, 'warning');
  assert.equal(c.rules['too-many-krs'].options.max, 5);
  assert.equal(c.rules['too-few-krs'].options.min, 3);
  assert.equal(c.rules['too-many-objectives'].options.max, 5);
  assert.equal(c.rules['stale-checkin'].options.maxDays, 14);
  assert.equal(c.rules['target-too-ambitious'].options.factor, 3);
  assert.equal(c.reportUnusedDisableDirectives, 'off');
});

test('comments, trailing commas, levels and [level, options]', () => {
  const c = resolve(`{
    // team conventions
    "rules": {
      "kr-is-output": "error",
      "too-few-krs": "off",
      "too-many-krs": ["warning", { "max": 4 }], /* we like focus */
      "stale-checkin": ["info", { "maxDays": 7 }],
    },
    "reportUnusedDisableDirectives": true,
  }`);
  assert.deepEqual(c.problems, []);
  assert.equal(c.rules['kr-is-output'].level, 'error');
  assert.equal(c.rules['too-few-krs'].level, 'off');
  assert.deepEqual(c.rules['too-many-krs'], { level: 'warning', options: { max: 4 } });
  assert.deepEqual(c.rules['stale-checkin'], { level: 'information', options: { maxDays: 7 } });
  assert.equal(c.reportUnusedDisableDirectives, 'warning');
});

test('extends okr:strict raises informational rules; later settings still win', () => {
  const c = resolve('{ "extends": "okr:strict", "rules": { "too-few-krs": "off" } }');
  assert.equal(c.rules['stale-checkin'].level, 'warning');
  assert.equal(c.rules['too-few-krs'].level, 'off');
  assert.equal(c.rules['objective-without-krs'].level, 'error');
});

test('problems point at the key: unknown rule with did-you-mean, bad level, bad option, broken JSON', () => {
  const text = '{\n  "rules": {\n    "kr-is-outptu": "error",\n    "vanity-metric": "loud",\n    "too-many-krs": ["warning", { "maxx": 3 }],\n    "stale-checkin": ["warning", { "maxDays": -2 }]\n  },\n  "extend": "okr:strict"\n}';
  const { problems } = parseConfigFile(text, metas, '.okrrc.json');
  const at = (re: RegExp) => problems.find((p) => re.test(p.message));
  assert.deepEqual(at(/Unknown rule 'kr-is-outptu'. Did you mean 'kr-is-output'/)?.range.start, { line: 2, character: 4 });
  assert.deepEqual(at(/Level of 'vanity-metric'/)?.range.start, { line: 3, character: 21 });
  assert.match(at(/no option 'maxx'/)!.message, /Did you mean 'max'/);
  assert.equal(at(/no option 'maxx'/)!.range.start.line, 4);
  assert.equal(at(/maxDays/)!.range.start.line, 5);
  assert.match(at(/Unknown configuration key 'extend'/)!.message, /Did you mean 'extends'/);
  const broken = parseConfigFile('{ "rules": { "kr-is-output": "error" ', metas).problems;
  assert.ok(broken.length > 0 && broken.every((p) => p.severity === 'error'));
  // An invalid setting leaves the default in force.
  assert.equal(resolve(text).rules['vanity-metric'].level, 'warning');
});

test('--rule style overrides are validated', () => {
  const c = withOverrides(resolveConfig(null, metas), { 'too-few-krs': 'off', 'no-such-rule': 'error', 'kr-is-output': 'bogus' }, metas, '--rule');
  assert.equal(c.rules['too-few-krs'].level, 'off');
  assert.equal(c.problems.length, 2);
  assert.match(c.problems[0].message, /^--rule: unknown rule 'no-such-rule'/);
});

test('the loader walks up to the nearest .okrrc.json and follows extends paths', () => {
  const root = mkdtempSync(join(tmpdir(), 'okrrc-'));
  mkdirSync(join(root, 'teams', 'growth'), { recursive: true });
  writeFileSync(join(root, 'base.json'), '{ "rules": { "too-few-krs": "off", "vanity-metric": "error" } }');
  writeFileSync(join(root, '.okrrc.json'), '{ "extends": ["okr:recommended", "./base.json"], "rules": { "vanity-metric": "warning" } }');
  writeFileSync(join(root, 'teams', 'growth', 'growth.okr.md'), '');
  assert.equal(findConfigFile(join(root, 'teams', 'growth')), join(root, '.okrrc.json'));
  const c = loadConfigFor(join(root, 'teams', 'growth', 'growth.okr.md'));
  assert.deepEqual(c.problems, []);
  assert.equal(c.rules['too-few-krs'].level, 'off');
  assert.equal(c.rules['vanity-metric'].level, 'warning');
  writeFileSync(join(root, 'base.json'), '{ "extends": "./.okrrc.json" }');
  const looped = loadConfigFor(join(root, 'teams', 'growth', 'growth.okr.md'));
  assert.ok(looped.problems.some((p) => /leads back/.test(p.message)));
});

test('a loader for many files looks up each folder once and shares one configuration per .okrrc.json', () => {
  const root = mkdtempSync(join(tmpdir(), 'okrrc-'));
  mkdirSync(join(root, 'teams', 'growth'), { recursive: true });
  mkdirSync(join(root, 'teams', 'sales'), { recursive: true });
  writeFileSync(join(root, '.okrrc.json'), '{ "rules": { "too-few-krs": "off" } }');
  writeFileSync(join(root, 'teams', 'sales', '.okrrc.json'), '{ "rules": { "too-few-krs": "error" } }');
  const known = new Map<string, string | null>();
  assert.equal(findConfigFile(join(root, 'teams', 'growth'), known), join(root, '.okrrc.json'));
  assert.equal(known.get(join(root, 'teams')), join(root, '.okrrc.json'));
  const load = configLoader();
  const growth = load(join(root, 'teams', 'growth', 'a.okr.md'));
  assert.equal(growth.rules['too-few-krs'].level, 'off');
  assert.equal(load(join(root, 'teams', 'b.okr.md')), growth);
  assert.equal(load(join(root, 'teams', 'sales', 'c.okr.md')).rules['too-few-krs'].level, 'error');
});

test('did-you-mean only suggests close matches', () => {
  assert.equal(didYouMean('periodd', ['period', 'parent']), 'period');
  assert.equal(didYouMean('banana', ['period', 'parent']), null);
});
