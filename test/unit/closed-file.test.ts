// Files nobody has open are kept as text + outline and parsed again on demand: the workspace must answer every
// workspace-wide question (cascade, references, navigation, symbols) exactly like it does from full models.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildTree } from '../../server/src/core/cascade';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkspace } from '../../bench/gen-corpus';
import { ClosedFile, outlineOf, parseFromDisk } from '../../server/src/core/outline';
import { parseOkr } from '../../server/src/core/parse';
import { OkrWorkspace } from '../../server/src/core/workspace';

const company = `---
id: company
team: Acme
period: 2026-Q1
---
## O1: Customers love us
- KR1: Increase NPS from 30 to 50
  - 2026-01-15: 38 (confidence 70%) holiday dip
- KR2: Increase repeat rate from 10% to 20%
  - current: 15%
`;
const team = (id: string) => `---
id: ${id}
team: ${id}
parent: company
period: 2026-Q1
---
## O1: Buying again is obvious
Aligns: company#O1.KR1
- KR1: Increase reorders from 10% to 20%
  - current: 18%
- [x] KR2: Ship the reorder button
`;

const files: Record<string, string> = { '/ws/company.okr.md': company, '/ws/a.okr.md': team('a'), '/ws/b.okr.md': team('b') };

function workspace(closed: boolean): OkrWorkspace {
  const ws = new OkrWorkspace();
  for (const [path, text] of Object.entries(files)) ws.set(path, closed ? new ClosedFile(path, text) : parseOkr(text, { fileName: path, engine: 'lines' }));
  return ws;
}

describe('closed files', () => {
  const full = workspace(false);
  const closed = workspace(true);

  it('give the same cascade, values, check-ins and roll-up as full models', () => {
    assert.deepEqual(buildTree(closed), buildTree(full));
  });

  it('parse again to the same model as the full parse', () => {
    for (const path of full.paths()) {
      assert.deepEqual(closed.get(path), full.get(path));
      assert.deepEqual(workspace(true).peek(path), full.get(path));
    }
  });

  it('keep a model parsed by get, and not one parsed by peek', () => {
    const ws = workspace(true);
    assert.notEqual(ws.peek('/ws/a.okr.md'), ws.peek('/ws/a.okr.md'));
    const kept = ws.get('/ws/a.okr.md');
    assert.equal(ws.peek('/ws/a.okr.md'), kept, 'peek reuses a kept model');
  });

  it('resolve references and know who aligns where from the outline alone', () => {
    const ref = closed.get('/ws/a.okr.md')!.objectives[0].aligns[0];
    const resolved = closed.resolve(ref, '/ws/a.okr.md')!;
    assert.equal(resolved.path, '/ws/company.okr.md');
    assert.equal(resolved.kr?.id, 'KR1');
    assert.deepEqual(closed.locate(ref, '/ws/a.okr.md'), { path: '/ws/company.okr.md', outline: closed.outline('/ws/company.okr.md'), objective: 0, kr: 0 });
    assert.deepEqual(closed.alignedTo('company', 'O1', 'KR1'), [{ path: '/ws/a.okr.md', objective: 0 }, { path: '/ws/b.okr.md', objective: 0 }]);
    assert.deepEqual(closed.childrenOf('company'), ['/ws/a.okr.md', '/ws/b.okr.md']);
  });

  it('keep only ids, titles and references in the outline', () => {
    const outline = closed.outline('/ws/a.okr.md')!;
    assert.deepEqual(outline, {
      unitId: 'a',
      title: 'a',
      period: { raw: '2026-Q1' },
      parent: { raw: 'company', unit: 'company', path: null, objective: null, kr: null },
      objectives: [
        {
          id: 'O1',
          title: 'Buying again is obvious',
          aligns: [{ raw: 'company#O1.KR1', unit: 'company', path: null, objective: 'O1', kr: 'KR1' }],
          krs: [
            { id: 'KR1', text: 'Increase reorders from 10% to 20%', aligns: [] },
            { id: 'KR2', text: 'Ship the reorder button', aligns: [] },
          ],
        },
      ],
    });
  });

  it('hand out the same outline until the file is set again, and a fresh parse after it', () => {
    const ws = workspace(true);
    const outline = ws.outline('/ws/a.okr.md');
    const model = ws.get('/ws/a.okr.md');
    assert.equal(ws.outline('/ws/a.okr.md'), outline);
    assert.equal(ws.get('/ws/a.okr.md'), model, 'a recently parsed model is kept');
    ws.set('/ws/a.okr.md', new ClosedFile('/ws/a.okr.md', team('a').replace('Buying again is obvious', 'Reorders are easy')));
    assert.notEqual(ws.outline('/ws/a.okr.md'), outline);
    assert.equal(ws.get('/ws/a.okr.md')!.objectives[0].title, 'Reorders are easy');
  });
});

/** Every `.okr.md` under a folder of the repository. */
function okrFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.okr.md'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

describe('the outline read by the index', () => {
  it('equals the outline of the full parse, for the samples, the test fixtures and a generated workspace', () => {
    const texts = [...okrFilesUnder('samples'), ...okrFilesUnder('test/fixtures')].map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    texts.push(...generateWorkspace(300).map((f) => ({ path: `/ws/${f.path}`, text: f.text })));
    texts.push({ path: '/ws/crlf.okr.md', text: team('a').replace(/\n/g, '\r\n') }, { path: '/ws/empty.okr.md', text: '' });
    assert.ok(texts.length > 350);
    for (const { path, text } of texts) assert.deepEqual(new ClosedFile(path, text).outline, outlineOf(parseFromDisk(path, text)), path);
  });
});
