// The samples are the newcomer's first look at the product: a clean company cascade that uses
// every key result form of the format, and a tour of the mistakes each rule catches.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildTree } from '../../server/src/core/cascade';
import type { KeyResult, OkrDocument, TreeJson } from '../../server/src/core/model';
import { parseOkr } from '../../server/src/core/parse';
import { OkrWorkspace } from '../../server/src/core/workspace';
import { findOkrFiles } from '../../server/src/node/files';
import { lintDocument } from '../../server/src/rules/engine';
import { rules } from '../../server/src/rules/index';

const root = process.cwd();
/** The files that show mistakes on purpose; everything else is the clean cascade. */
const mistakeFiles = ['samples/common-mistakes.okr.md', 'samples/mistakes/last-quarter.okr.md', 'samples/mistakes/loop.okr.md'];
const MARKER = /<!--\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*-->/g;

const texts = new Map<string, string>();
const docs = new Map<string, OkrDocument>();
const workspace = new OkrWorkspace();
let tree: TreeJson;

before(() => {
  for (const file of findOkrFiles([join(root, 'samples')])) {
    const path = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const doc = parseOkr(text, { fileName: path });
    texts.set(path, text);
    docs.set(path, doc);
    workspace.set(path, doc);
  }
  tree = buildTree(workspace);
});

/** The day the samples describe: inside 2026-Q4, two weeks after most check-ins. */
const TODAY = '2026-11-23';
const lint = (path: string) => lintDocument(docs.get(path)!, texts.get(path)!, { path, workspace, today: TODAY });

const cascade = () => [...docs].filter(([path]) => !mistakeFiles.includes(path));
const cascadeKrs = (): KeyResult[] => cascade().flatMap(([, doc]) => doc.objectives.flatMap((o) => o.krs));

describe('sample cascade', () => {
  it('has one company, three departments, five teams and one person, nested by parent', () => {
    const parents = Object.fromEntries(cascade().map(([, doc]) => [doc.unitId, doc.parent?.unit ?? null]));
    assert.deepEqual(parents, {
      company: null,
      product: 'company',
      engineering: 'company',
      revenue: 'company',
      growth: 'product',
      checkout: 'product',
      platform: 'engineering',
      mobile: 'engineering',
      partnerships: 'revenue',
      janet: 'growth',
    });
    const company = tree.units.find((u) => u.id === 'company');
    assert.deepEqual(company?.children.sort(), ['common-mistakes', 'engineering', 'product', 'revenue']);
  });

  it('has the expected objectives and 3–5 key results each', () => {
    const objectives = Object.fromEntries(cascade().map(([, doc]) => [doc.unitId, doc.objectives.length]));
    assert.deepEqual(objectives, {
      company: 3,
      product: 2,
      engineering: 2,
      revenue: 2,
      growth: 2,
      checkout: 2,
      platform: 2,
      mobile: 2,
      partnerships: 1,
      janet: 1,
    });
    for (const [path, doc] of cascade()) {
      for (const o of doc.objectives) assert.ok(o.krs.length >= 3 && o.krs.length <= 5, `${path} ${o.id} has ${o.krs.length} KRs`);
    }
  });

  it('parses cleanly: no parse problems, one quarter, valid dates and confidences', () => {
    for (const [path, doc] of cascade()) {
      assert.deepEqual(doc.problems, [], path);
      assert.equal(doc.period?.start, '2026-10-01', path);
      assert.equal(doc.period?.end, '2026-12-31', path);
      for (const kr of doc.objectives.flatMap((o) => o.krs)) {
        assert.ok(kr.confidence === null || kr.confidence.valid, `${path} ${kr.id} confidence`);
        for (const c of kr.checkins) {
          assert.ok(c.dateValid && c.date >= doc.period!.start && c.date <= '2026-11-23', `${path} ${kr.id} check-in ${c.date}`);
          assert.ok(c.value !== null, `${path} ${kr.id} check-in ${c.date} has a value`);
        }
      }
    }
  });

  it('aligns every unit with a parent to an objective or KR that exists', () => {
    let references = 0;
    for (const [path, doc] of cascade()) {
      if (doc.parent) assert.ok(workspace.resolveUnit(doc.parent, path), `${path} parent ${doc.parent.raw}`);
      for (const o of doc.objectives) {
        for (const ref of o.aligns) {
          references++;
          assert.ok(workspace.resolve(ref, path), `${path} ${o.id} aligns to ${ref.raw}`);
        }
      }
    }
    assert.ok(references >= 15);
    const links = cascade().flatMap(([, doc]) => doc.objectives.flatMap((o) => o.aligns)).filter((r) => r.path !== null);
    assert.ok(links.length >= 2, 'some alignments are Markdown links to the file');
  });

  it('rolls progress up into KRs that only children report on', () => {
    const company = tree.units.find((u) => u.id === 'company')!;
    const repeatRate = company.objectives[0].krs[1];
    assert.equal(repeatRate.rolledUp, true);
    assert.ok(repeatRate.alignedChildren >= 1);
    assert.notEqual(repeatRate.progress, null);
  });

  it('shows every progress band among key results and objectives', () => {
    const units = tree.units.filter((u) => cascade().some(([, doc]) => doc.unitId === u.id));
    const krBands = new Set(units.flatMap((u) => u.objectives.flatMap((o) => o.krs.map((k) => k.band))));
    const objectiveBands = new Set(units.flatMap((u) => u.objectives.map((o) => o.band)));
    assert.deepEqual([...krBands].sort(), ['at-risk', 'not-started', 'off-track', 'on-track']);
    assert.deepEqual([...objectiveBands].sort(), ['at-risk', 'off-track', 'on-track']);
  });

  it('uses every key result form of the format', () => {
    const krs = cascadeKrs();
    const metrics = krs.filter((kr) => kr.kind === 'metric');
    const forms = new Set(metrics.map((kr) => kr.metric.form));
    for (const form of ['from-to', 'to', 'by', 'threshold', 'multiplier']) assert.ok(forms.has(form as never), `form ${form}`);

    const texts = krs.map((kr) => kr.text);
    const written = (pattern: RegExp, what: string) => assert.ok(texts.some((t) => pattern.test(t)), what);
    written(/\d\S*\s*→\s*\S*\d/, 'a → b');
    written(/\d\S*\s*->\s*\S*\d/, 'a -> b');
    for (const word of ['below', 'under', 'above', 'at least', 'at most', '≥', '≤']) written(new RegExp(`(^|\\s)${word}\\s`), word);
    for (const word of ['Double', 'Halve', 'Triple']) written(new RegExp(`^${word}\\b.*\\(from `), `${word} (from …)`);

    const factors = new Set(metrics.map((kr) => kr.metric.factor).filter((f) => f !== null));
    assert.deepEqual([...factors].sort(), [0.5, 2, 3]);
    const byUnits = new Set(metrics.filter((kr) => kr.metric.form === 'by').map((kr) => kr.metric.change?.unit));
    for (const unit of ['%', 'pts', 'pp']) assert.ok(byUnits.has(unit), `by … ${unit}`);
    const directions = new Set(metrics.map((kr) => kr.metric.direction).filter((d) => d !== null));
    assert.deepEqual([...directions].sort(), ['at-least', 'at-most', 'decrease', 'increase']);
  });

  it('writes numbers with grouping, scale, currency, every unit and a ± range', () => {
    const quantities = cascadeKrs().flatMap((kr) => [kr.metric.baseline, kr.metric.target, kr.metric.change]).filter((q) => q !== null);
    const raws = quantities.map((q) => q.raw);
    assert.ok(raws.some((r) => /^\d{1,3}(,\d{3})+/.test(r)), 'grouped 1,200');
    assert.ok(raws.some((r) => /\d(\.\d+)?k$/.test(r)), 'scaled 2.5k');
    assert.ok(raws.some((r) => /^\$\d+(\.\d+)?M$/.test(r)), 'scaled currency $8.4M');
    assert.ok(raws.some((r) => /^€\d+$/.test(r)), 'currency €38');
    const units = new Set(quantities.map((q) => q.unit));
    for (const unit of ['%', 'ms', 's', 'min', 'h', 'days', 'x', 'pts', 'pp', '/5', '$', '€']) assert.ok(units.has(unit), `unit ${unit}`);
    assert.ok(quantities.some((q) => q.tolerance !== undefined), 'a ± range');
  });

  it('lints clean apart from three realistic problems', () => {
    const findings = cascade().flatMap(([path]) =>
      lint(path).map((f) => `${path} ${f.ruleId}: ${texts.get(path)!.split('\n')[f.range.start.line].trim()}`),
    );
    assert.deepEqual(findings.sort(), [
      'samples/teams/checkout.okr.md kr-is-output: - KR4: Migrate checkout to the new payments provider',
      'samples/teams/growth.okr.md missing-baseline: - KR2: Grow weekly active recipe savers to 5,000',
      'samples/teams/mobile.okr.md unaligned-objective: ## O2: Make the app usable with one hand in the kitchen',
    ]);
  });

  it('has milestones open and done, stay KRs, owners, weights and check-ins with notes', () => {
    const krs = cascadeKrs();
    const milestones = krs.filter((kr) => kr.kind === 'milestone');
    assert.ok(milestones.some((kr) => kr.done) && milestones.some((kr) => !kr.done));
    assert.ok(milestones.every((kr) => kr.confidence !== null), 'every sample milestone has a confidence');
    assert.ok(krs.some((kr) => /^Keep uptime ≥ 99\.9%$/.test(kr.text)), 'the uptime stay KR');
    assert.ok(krs.some((kr) => kr.owner !== null) && krs.some((kr) => kr.weight !== null));
    const objectives = cascade().flatMap(([, doc]) => doc.objectives);
    assert.ok(objectives.some((o) => o.weight !== null) && objectives.some((o) => o.tags.length > 0));
    const checkins = krs.flatMap((kr) => kr.checkins);
    assert.ok(checkins.length >= 40);
    assert.ok(checkins.filter((c) => c.note !== null).length >= 10, 'check-ins carry notes');
    assert.ok(checkins.filter((c) => c.confidence !== null).length >= 10, 'check-ins carry confidences');
    assert.ok(krs.some((kr) => kr.attributes.some((a) => a.key === 'current')), 'a current: value');
  });
});

describe('common mistakes', () => {
  /**
   * `{ rule id → [file:line, …] }` (0-based lines) from the `<!-- expect: … -->` markers and the
   * `.expect` sidecar, which lists `line: rule-id` (1-based) where a comment would change a value.
   */
  function markers(): Map<string, string[]> {
    const found = new Map<string, string[]>();
    const add = (id: string, path: string, line: number) => found.set(id, [...(found.get(id) ?? []), `${path}:${line}`]);
    for (const path of mistakeFiles) {
      texts
        .get(path)!
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(MARKER)) for (const id of m[1].split(/\s*,\s*/)) add(id, path, i);
        });
      const sidecar = join(root, path.replace(/\.okr\.md$/, '.expect'));
      if (!existsSync(sidecar)) continue;
      for (const m of readFileSync(sidecar, 'utf8').matchAll(/^(\d+):\s*([\w-]+)\s*$/gm)) add(m[2], path, Number(m[1]) - 1);
    }
    return found;
  }

  it('marks every rule of the README rule table once (a cycle at both of its ends)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- rules:start -->'), readme.indexOf('<!-- rules:end -->'));
    const ruleIds = [...table.matchAll(/^\| \[`([\w-]+)`\]/gm)].map((m) => m[1]);
    assert.ok(ruleIds.length >= 20, `rule table has ${ruleIds.length} rules`);
    const found = markers();
    assert.deepEqual([...found.keys()].sort(), [...ruleIds].sort());
    for (const [id, places] of found) assert.equal(places.length, id === 'alignment-cycle' ? 2 : 1, `${id} at ${places.join(', ')}`);
  });

  it('every marked finding and nothing else is reported, on its line', () => {
    for (const path of mistakeFiles) {
      const expected = [...markers()].flatMap(([id, places]) => places.filter((p) => p.startsWith(`${path}:`)).map((p) => `${p} ${id}`));
      const actual = lint(path).map((f) => `${path}:${f.range.start.line} ${f.ruleId}`);
      const missing = expected.filter((e) => !actual.includes(e));
      const unexpected = actual.filter((a) => !expected.includes(a));
      assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] });
      assert.equal(actual.length, expected.length, `${path}: one finding per marker`);
    }
  });

  it('the markers name exactly the rules of the registry', () => {
    assert.deepEqual([...markers().keys()].sort(), rules.map((r) => r.meta.id).sort());
  });

  it('explains each mistake in a comment before it', () => {
    for (const [id, places] of markers()) {
      for (const place of places) {
        const [path, line] = place.split(':');
        const before = texts.get(path)!.split('\n').slice(0, Number(line) + 1).join('\n');
        assert.ok(new RegExp(`(<!--|#)[^\\n]*\\b${id}\\b[^\\n]*:`).test(before), `${id} is explained before ${place}`);
      }
    }
  });

  it('markers are comments: they change nothing the parser reads', () => {
    // Like `<!-- okr-disable-line … -->`, a trailing comment is not part of a title, KR text, reference or value.
    for (const path of mistakeFiles) {
      const text = texts.get(path)!;
      const blanked = text.replace(MARKER, (m) => ' '.repeat(m.length));
      const read = (doc: OkrDocument) => ({
        objectives: doc.objectives.map((o) => ({
          id: o.id,
          title: o.title.trim(),
          aligns: o.aligns.map((r) => r.raw),
          krs: o.krs.map((k) => ({ text: k.text.trim(), checkins: k.checkins.map((c) => c.value?.raw ?? null), confidence: k.confidence?.raw })),
        })),
        problems: doc.problems.map((p) => p.ruleId),
      });
      assert.deepEqual(read(docs.get(path)!), read(parseOkr(blanked, { fileName: path })), path);
    }
  });

  it('really contains the structural mistakes', () => {
    const doc = docs.get('samples/common-mistakes.okr.md')!;
    assert.deepEqual(
      doc.objectives.map((o) => [o.id, o.krs.length, o.aligns.length]),
      [
        ['O1', 4, 1],
        ['O2', 3, 1],
        ['O3', 3, 1],
        ['O3', 2, 1],
        ['O5', 6, 1],
        ['O6', 0, 0],
      ],
    );
    assert.equal(doc.parent?.unit, 'company');
    assert.equal(docs.get('samples/mistakes/loop.okr.md')!.period, null);
    assert.equal(docs.get('samples/mistakes/last-quarter.okr.md')!.period?.raw, '2026-Q3');
    assert.equal(docs.get('samples/mistakes/last-quarter.okr.md')!.scoring, '1-4');
  });
});
