// Generated artefacts stay in sync with the rule metadata: each docs/rules/<id>.md header and the
// JSON schema of .okrrc.json (`UPDATE_GOLDEN=1` rewrites the schema from the metadata).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LEVELS, PRESETS } from '../../server/src/core/config';
import { rules } from '../../server/src/rules/index';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

test('every rule has a docs page whose header matches its metadata', () => {
  for (const { meta } of rules) {
    const path = root(`docs/rules/${meta.id}.md`);
    assert.ok(existsSync(path), `missing docs/rules/${meta.id}.md`);
    const [title, , quote, , defaults] = readFileSync(path, 'utf8').split('\n');
    assert.equal(title, `# ${meta.id}`);
    assert.equal(quote, `> ${meta.description}`);
    const options = Object.entries(meta.options).map(([k, o]) => `\`${k}\` (default ${o.default})`).join(', ') || 'none';
    assert.equal(defaults, `Default: **${meta.severity}** · Fixable: **${meta.fixable ? 'yes' : 'no'}** · Scope: **${meta.scope === 'workspace' ? 'cross-file' : 'file'}** · Options: ${options}`);
    for (const section of ['## Why it matters', '## Bad', '## Good', '## Options', '## How to disable']) assert.ok(readFileSync(path, 'utf8').includes(section), `${meta.id}: ${section}`);
  }
});

function expectedSchema(): unknown {
  const level = { $ref: '#/definitions/level' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/okr-markdown/okr-markdown/blob/main/schemas/okrrc.schema.json',
    title: 'OKR Markdown configuration (.okrrc.json)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      extends: {
        description: 'Presets or other configuration files (paths relative to this file) to start from; later entries and this file win.',
        oneOf: [{ $ref: '#/definitions/extend' }, { type: 'array', items: { $ref: '#/definitions/extend' } }],
      },
      reportUnusedDisableDirectives: {
        description: 'Report okr-disable comments that suppress nothing (true = warning).',
        oneOf: [{ type: 'boolean' }, level],
      },
      rules: {
        description: 'Rule levels and options: "off", a level, or [level, { options }].',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          rules.map(({ meta }) => {
            const options = {
              type: 'object',
              additionalProperties: false,
              properties: Object.fromEntries(
                Object.entries(meta.options).map(([k, o]) => [k, { type: o.type, default: o.default, description: o.description, ...(o.minimum !== undefined ? { minimum: o.minimum } : {}) }]),
              ),
            };
            return [
              meta.id,
              {
                description: `${meta.description} Default: ${meta.severity}.`,
                markdownDescription: `${meta.description} Default: \`${meta.severity}\`. [Documentation](https://github.com/okr-markdown/okr-markdown/blob/main/docs/rules/${meta.id}.md)`,
                oneOf: [level, { type: 'array', items: [level, options], minItems: 1, maxItems: 2 }],
              },
            ];
          }),
        ),
      },
    },
    definitions: {
      level: { enum: [...LEVELS, 'info', 'warn'] },
      extend: { anyOf: [{ enum: [...PRESETS] }, { type: 'string', pattern: '\\.json$' }] },
    },
  };
}

test('schemas/okrrc.schema.json describes every rule and option', () => {
  const path = root('schemas/okrrc.schema.json');
  const expected = expectedSchema();
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, JSON.stringify(expected, null, 2) + '\n');
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), expected);
});
