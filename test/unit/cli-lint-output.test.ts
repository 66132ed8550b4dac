// `okr lint` writes its line formats as UTF-8 bytes put together from the findings' strings: a path or a
// message past ASCII must come out as the same text the JSON output (built as text) holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';

async function okr(args: string[], cwd: string): Promise<string> {
  const chunks: Buffer[] = [];
  await main(args, { stdout: (t) => chunks.push(Buffer.from(t)), stderr: () => {}, cwd, color: false });
  return Buffer.concat(chunks).toString('utf8');
}

test('paths and messages past ASCII print the same in every format, with or without the cache (kept in ASCII)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-output-'));
  writeFileSync(join(dir, 'équipe → ünits.okr.md'), '---\nperiod: 2026-Q3\n---\n\n# Équipe\n\n## O1: Grow “reach”\n\n- KR1: Launch the café checklist ≥ twice\n');
  const cache = join(mkdtempSync(join(tmpdir(), 'okr-output-cache-')), 'cache.json');
  const json = JSON.parse(await okr(['lint', '--format', 'json'], dir)) as Array<{ file: string; findings: Array<{ message: string; ruleId: string }> }>;
  assert.equal(json[0].file, 'équipe → ünits.okr.md');
  assert.ok(json[0].findings.some((f) => /[^\x00-\x7f]/.test(f.message)), 'a message past ASCII');
  for (const format of ['stylish', 'github']) {
    const cold = await okr(['lint', '--format', format], dir);
    assert.equal(await okr(['lint', '--format', format, '--cache-location', cache], dir), cold);
    assert.equal(await okr(['lint', '--format', format, '--cache-location', cache], dir), cold);
    assert.ok(cold.includes(format === 'stylish' ? json[0].file : 'file=équipe → ünits.okr.md'), format);
    for (const f of json[0].findings) assert.ok(cold.includes(f.message), `${format}: ${f.message}`);
  }
  assert.match(await okr(['lint'], dir), /✖ \d+ problems?/);
  assert.ok(isAscii(readFileSync(cache)), 'the cache is written in ASCII, JSON escapes for the rest');
});
