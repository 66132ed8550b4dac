// A long editing session must not keep old versions of a document alive: the section cache's models
// may only hold strings of their own section, never of the whole text they were first read from, and what the
// engine keeps between keystrokes must not grow with the number of edits.
import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseOkr, SectionCache } from '../../server/src/core/parse';
import { LintSession, lintDocument } from '../../server/src/rules/engine';
import { Rng } from '../../bench/rng';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

it('editing a large document with a section cache keeps the heap flat', () => {
  const lines = ['---', 'period: 2026-Q4', '---', ''];
  for (let o = 1; o <= 400; o++) {
    lines.push(`## O${o}: Make objective number ${o} something customers notice`, '');
    for (let k = 1; k <= 4; k++) lines.push(`- KR${k}: Increase the weekly share of returning cooks in segment ${o}-${k} from 20% to 35%`, `  - 2026-11-0${k}: 2${k}%`);
    lines.push('');
  }
  const cache = new SectionCache();
  parseOkr(lines.join('\n'), { cache });
  const before = heapAfterGc();
  for (let i = 0; i < 150; i++) {
    const at = 5 + ((i * 97) % (lines.length - 10));
    lines[at] += 'x';
    parseOkr(lines.join('\n'), { cache });
  }
  const grown = (heapAfterGc() - before) / 1e6;
  // Each version of this document is about 0.4 MB: keeping one per edit would add about 60 MB.
  assert.ok(grown < 15, `the heap grew by ${grown.toFixed(1)} MB over 150 edits`);
});

it('typing characters and lines into a large linted document keeps the heap flat', () => {
  const lines = ['---', 'period: 2026-Q4', 'parent: company', '---', ''];
  for (let o = 1; o <= 300; o++) {
    lines.push(`## O${o}: Make objective number ${o} something customers notice`, '');
    for (let k = 1; k <= 6; k++) lines.push(`- KR${k}: Increase the weekly share of returning cooks in segment ${o}-${k} from 20% to 35%`, `  - 2026-11-0${k}: 2${k}%`);
    lines.push('');
  }
  // As the server lints an open document: its section cache and its lint session, which keeps the last run.
  const cache = new SectionCache();
  const session = new LintSession();
  const lint = () => {
    const text = lines.join('\n');
    lintDocument(parseOkr(text, { cache }), text, { today: '2026-11-20', session });
  };
  lint();
  const before = heapAfterGc();
  const rng = new Rng(7);
  const random = (n: number) => rng.int(0, n - 1);
  for (let i = 0; i < 200; i++) {
    const at = 10 + random(lines.length - 20);
    const kind = random(3);
    if (kind === 0) lines[at] += 'x';
    else if (kind === 1) lines.splice(at, 0, `  - note ${i}`);
    else lines.splice(at, 1);
    lint();
  }
  const grown = (heapAfterGc() - before) / 1e6;
  assert.ok(grown < 15, `the heap grew by ${grown.toFixed(1)} MB over 200 edits`);
});
