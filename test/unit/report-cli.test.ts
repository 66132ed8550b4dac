import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli';

function capture(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), cwd, color: false };
  return { out, io };
}

describe('okr report', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'okr-report-'));
    writeFileSync(join(dir, 'company.okr.md'), '---\nteam: Acme\nperiod: 2026-Q1\n---\n\n## O1: Win\n\n- KR1: Grow ARR from $8M to $12M\n  - current: $10M\n');
    writeFileSync(join(dir, 'team.okr.md'), '---\nteam: Team & Co\nperiod: 2026-Q1\nparent: company\n---\n\n## O1: Help <b>win</b>\nAligns: company#O1.KR1\n\n- KR1: Raise NPS from 30 to 50\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one page with the cascade and prints its path', async () => {
    const { out, io } = capture(dir);
    assert.equal(await main(['report', '.', '--out', 'r.html', '--title', 'Q1 <review>'], io), 0);
    assert.equal(out.stdout, `${join(dir, 'r.html')}\n`);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    assert.match(html, /<title>Q1 &lt;review&gt;<\/title>/);
    assert.match(html, /2 units · 2 objectives · 2 key results · 2026-Q1/);
    assert.match(html, /<span class="unit-title">Team &amp; Co<\/span>/);
    assert.match(html, /<span class="objective-title">Help &lt;b&gt;win&lt;\/b&gt;<\/span>/);
    assert.match(html, /aria-label="KR1 progress: 50%"/);
    // Nested: the team's block sits inside the company's <details>.
    assert.ok(html.indexOf('data-key="tree:company.okr.md"') < html.indexOf('data-key="tree:team.okr.md"'));
    assert.ok(!/<script|https?:/i.test(html), 'no script and no remote address');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('prints the page with --out -', async () => {
    const { out, io } = capture(dir);
    assert.equal(await main(['report', '--out', '-'], io), 0);
    assert.match(out.stdout, /^<!DOCTYPE html>/);
  });

  it('gives a one-line error and exit code 2 for bad usage', async () => {
    for (const args of [['report', '--bogus'], ['report', 'missing-folder'], ['report', '--out'], ['report', '.', '--out', join(dir, 'no', 'such', 'dir', 'r.html')]]) {
      const { out, io } = capture(dir);
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(out.stderr, /^okr report: .+\n$/, args.join(' '));
    }
  });
});
