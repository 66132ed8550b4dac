import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { TreeJson } from '../../server/src/core/model';
import { escapeHtml, notice, renderCascadeHtml, renderReportHtml } from '../../server/src/render/index';
import { formatQuantity } from '../../server/src/render/format';
import { sparkline } from '../../server/src/render/svg';
import { hostileTree, payloads, sampleTree } from '../support/cascade-trees';

const TAGS = new Set('html head meta title style body main header div section h1 h2 p ol ul li details summary span button svg rect polyline circle'.split(' '));
const ATTRIBUTES = /^(class|data-key|data-uri|data-line|open|title|role|aria-[a-z]+|type|viewBox|preserveAspectRatio|width|height|points|cx|cy|r|lang|charset|http-equiv|content|name)$/;

/**
 * Reads every tag of the HTML and checks that only the renderer's own elements and attributes
 * occur: a text that escaped its escaping would add a tag or an attribute (script, img, onerror, href, style…).
 */
function assertInert(html: string): void {
  let rest = html.replace(/^<!DOCTYPE html>/, '');
  rest = rest.replace(/<\/([a-z0-9]+)>/gi, (_, name: string) => {
    assert.ok(TAGS.has(name), `unexpected closing tag ${name}`);
    return '';
  });
  rest = rest.replace(/<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*\/?>/g, (_, name: string, attributes: string) => {
    assert.ok(TAGS.has(name), `unexpected tag <${name}>`);
    for (const [, attribute] of attributes.replace(/="[^"]*"/g, '').matchAll(/\s+([\w:-]+)/g)) assert.match(attribute, ATTRIBUTES, `unexpected attribute ${attribute} on <${name}>`);
    return '';
  });
  // Everything left is text: it may not contain the start of any markup.
  const stray = rest.indexOf('<');
  assert.equal(stray, -1, `markup outside a known tag: ${rest.slice(stray, stray + 80)}`);
}

function unitsOf(html: string): string[] {
  return [...html.matchAll(/<span class="unit-id">([^<]*)<\/span>/g)].map((m) => m[1]);
}

describe('renderCascadeHtml escaping', () => {
  const tree = hostileTree();
  const views = {
    focused: renderCascadeHtml(tree, { focus: tree.units[1].id, interactive: true }),
    whole: renderCascadeHtml(tree),
  };
  for (const [name, html] of Object.entries(views)) {
    it(`keeps every hostile field inert (${name})`, () => assertInert(html));
  }

  it('shows every text field of every unit, objective, KR and check-in, escaped', () => {
    const tags = tree.units.flatMap((u) => ['title', 'period', 'owner', 'oid', 'otitle', 'oowner', 'aligns'].map((f) => `${f}-${u.id}`));
    tags.push('unitid-top', 'unitid-child', 'date1', 'date2', 'note1', 'note2');
    for (const kr of ['a', 'b']) tags.push(`krid-${kr}`, `krtext-${kr}`, `unit-${kr}`, `krowner-${kr}`);
    for (const tag of tags) assert.ok(views.focused.includes(escapeHtml(payloads(tag))), `${tag} is not shown escaped`);
  });

  it('puts file paths only in escaped data attributes', () => {
    const file = tree.units[0].file;
    assert.ok(views.focused.includes(`data-uri="${escapeHtml(file)}"`));
    assert.ok(views.focused.includes(`data-key="${escapeHtml(`above:${file}`)}"`));
  });

  it('never lets a band or a number from the data into class names or geometry', () => {
    const bad = hostileTree();
    const unit = bad.units[0];
    Object.assign(unit, { band: '" onclick="x', progress: '"><script>' });
    unit.objectives[0].krs[0].checkins = [{ date: 'd', value: '"><script>' as unknown as number, confidence: null, note: null }];
    const html = renderCascadeHtml(bad, { focus: unit.id, interactive: true });
    assertInert(html);
    assert.ok(html.includes('unit-header band-not-started'));
  });
});

describe('renderCascadeHtml structure', () => {
  const html = renderCascadeHtml(sampleTree(), { focus: 'growth', interactive: true });

  it('shows the chain above from the top, the focus unit, and the units below', () => {
    const above = html.slice(html.indexOf('class="above"'), html.indexOf('class="focus"'));
    const focus = html.slice(html.indexOf('class="focus"'), html.indexOf('class="below"'));
    const below = html.slice(html.indexOf('class="below"'));
    assert.deepEqual(unitsOf(above), ['company', 'product']);
    assert.match(focus, /<h1 class="unit-title">Growth<\/h1>/);
    assert.deepEqual(unitsOf(below), ['ana']);
  });

  it('shows and marks what the chain serves, and folds the other objectives away', () => {
    // growth serves product#O1; product serves company#O1.KR2.
    assert.match(html, /<ul class="objectives"><li class="objective band-at-risk served"><details data-key="\/ws\/company\.okr\.md#O1">/);
    assert.match(html, /<li class="kr band-at-risk served" title="[^"]*"><span class="kid">KR2<\/span>/);
    assert.match(html, /<details class="others" data-key="others:\/ws\/company\.okr\.md"><summary>1 other objective<\/summary><ul class="objectives"><li class="objective band-not-started"><details data-key="\/ws\/company\.okr\.md#O2">/);
    assert.ok(!html.includes('others:/ws/product.okr.md'), 'product has no other objective');
    assert.match(html, /Serves <span class="ref band-at-risk" title="product#O1">Product › O1 Make customers love the app <span class="pct">60%<\/span>/);
  });

  it('shows progress, bands, confidence, values, sparkline and roll-ups', () => {
    assert.match(html, /role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="80" aria-label="KR1 progress: 80%"/);
    assert.match(html, /<rect class="bar-fill" width="80" height="4"\/>/);
    assert.match(html, /conf\. 70%/);
    assert.match(html, /title="Baseline 0\.5% → current 0\.26% → target 0\.2%"/);
    assert.match(html, /<span class="values">0\.5% → 0\.26% → 0\.2%<\/span>/);
    assert.match(html, /<svg class="spark"[^>]*aria-label="Check-ins: 2026-01-14 0\.45%; 2026-02-01 0\.4% \(new packaging shipped\); 2026-03-01 0\.26%"/);
    assert.match(html, /<span class="badge rollup" title="1 child objective align here, progress rolled up from them">1 aligned · rolled up<\/span>/);
    assert.match(html, /<span class="badge">done<\/span>/);
    assert.match(html, /<span class="pct">—<\/span><span class="band-label tone-not-started">Not started<\/span>/);
  });

  it('makes titles reveal buttons with their file and line only when interactive', () => {
    assert.match(html, /<button type="button" class="kr-text reveal" data-uri="\/ws\/growth\.okr\.md" data-line="11" aria-label="Go to O1\.KR1: Decrease refund rate from 0\.5% to 0\.2%">/);
    const report = renderCascadeHtml(sampleTree());
    assert.ok(!report.includes('<button'));
    assert.ok(!report.includes('data-line'));
  });

  it('renders the whole cascade from its roots, nested by parent', () => {
    const whole = renderCascadeHtml(sampleTree());
    assert.deepEqual(unitsOf(whole), ['company', 'product', 'growth', 'ana']);
    assert.match(whole, /4 units · 4 objectives · 6 key results · 2026-Q1/);
    assert.match(whole, /<li class="band-on-track"><span class="dot" aria-hidden="true"><\/span>2 on track<\/li>/);
    // product is nested inside company's <details>.
    const company = whole.indexOf('data-key="tree:/ws/company.okr.md"');
    assert.ok(company >= 0 && whole.indexOf('data-key="tree:/ws/product.okr.md"') > company);
  });
});

describe('renderCascadeHtml empty states', () => {
  it('says when there is nothing to show', () => {
    assert.match(renderCascadeHtml({ units: [] }), /role="status"><p class="notice-title">No OKR files found/);
    assert.match(renderCascadeHtml({ units: [] } as TreeJson, { focus: 'x' }), /No OKR files found/);
    assert.match(renderCascadeHtml(sampleTree(), { focus: 'nope' }), /No OKR file for the unit &quot;nope&quot;/);
  });

  it('says when a unit has no parent, no children or no objectives', () => {
    const top = renderCascadeHtml(sampleTree(), { focus: 'company' });
    assert.match(top, /Acme has no parent: it is at the top of the cascade\./);
    const leaf = renderCascadeHtml(sampleTree(), { focus: 'ana' });
    assert.match(leaf, /No unit aligns to Ana yet\./);
    assert.match(leaf, /Ana has no objectives yet\./);
    const tree = sampleTree();
    tree.units[3].parent = 'gone';
    assert.match(renderCascadeHtml(tree, { focus: 'ana' }), /The parent unit &quot;gone&quot; is not in the workspace\./);
  });

  it('stops at a parent cycle and still lists its units', () => {
    const tree = sampleTree();
    tree.units[0].parent = 'growth'; // company → growth → product → company
    const focused = renderCascadeHtml(tree, { focus: 'growth' });
    assert.match(focused, /The parent chain loops back to itself: growth → product → company → growth\./);
    const whole = renderCascadeHtml(tree);
    assert.match(whole, /These units&#39; parents form a cycle, so they have no place in the cascade: company, product, growth, ana\./);
    assert.deepEqual(unitsOf(whole).sort(), ['ana', 'company', 'growth', 'product']);
  });

  it('draws each unit once however the data loops, and bounds very deep cascades', () => {
    const tree = sampleTree();
    tree.units[3].children = ['company']; // a children list that points back up
    const whole = renderCascadeHtml(tree);
    assert.deepEqual(unitsOf(whole), ['company', 'product', 'growth', 'ana']);
    const base = sampleTree().units[3];
    const deep: TreeJson = { units: Array.from({ length: 3000 }, (_, i) => ({ ...base, id: `u${i}`, file: `/ws/u${i}.okr.md`, parent: i ? `u${i - 1}` : null })) };
    const html = renderCascadeHtml(deep);
    assert.equal(unitsOf(html).length, 33);
    assert.match(html, /The cascade goes deeper than 32 levels here; 1 more units are not drawn\./);
    assert.ok(!html.includes('form a cycle'), 'deep is not a cycle');
    assert.match(renderCascadeHtml(deep, { focus: 'u1500' }), /<h1 class="unit-title">Ana<\/h1>/);
  });

  it('escapes the notice text and keeps only letters in its kind', () => {
    const html = notice('a"b<c', '<b>t</b>', '<i>d</i>');
    assert.ok(html.includes('notice-abc'));
    assert.ok(html.includes('&lt;b&gt;t&lt;/b&gt;') && html.includes('&lt;i&gt;d&lt;/i&gt;'));
  });
});

describe('numbers and sparklines', () => {
  it('formats quantities in their unit', () => {
    assert.equal(formatQuantity(0.45, '%'), '0.45%');
    assert.equal(formatQuantity(12_000_000, '$'), '$12M');
    assert.equal(formatQuantity(-1200, '€'), '-€1,200');
    assert.equal(formatQuantity(850, 'ms'), '850 ms');
    assert.equal(formatQuantity(4.2, '/5'), '4.2/5');
    assert.equal(formatQuantity(null, '%'), '—');
    assert.equal(formatQuantity(Number.NaN, null), '—');
  });

  it('draws a line through the values, flat when they are equal, nothing below two values', () => {
    const describe = (c: { date: string }) => c.date;
    const line = sparkline(
      [
        { date: 'a', value: 1, confidence: null, note: null },
        { date: 'b', value: null, confidence: null, note: null },
        { date: 'c', value: 3, confidence: null, note: null },
      ],
      describe,
    );
    assert.match(line, /<polyline points="2,14 58,2"\/><circle cx="58" cy="2" r="1\.8"\/>/);
    const flat = sparkline(
      [
        { date: 'a', value: 5, confidence: null, note: null },
        { date: 'b', value: 5, confidence: null, note: null },
      ],
      describe,
    );
    assert.match(flat, /<polyline points="2,8 58,8"\/>/);
    assert.equal(sparkline([{ date: 'a', value: 5, confidence: null, note: null }], describe), '');
    assert.equal(sparkline([], describe), '');
  });
});

describe('renderReportHtml', () => {
  const page = renderReportHtml(hostileTree(), { title: payloads('report-title'), subtitle: payloads('subtitle') });

  it('is one self-contained page with no script and a CSP that allows only its own stylesheet', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    assert.ok(csp.includes(`'sha256-${hash}'`), 'the hash allows exactly the inline stylesheet');
    assert.equal(page.match(/<style>/g)?.length, 1);
    assert.ok(page.indexOf('Content-Security-Policy') < page.indexOf('<style>'), 'the policy comes before any content');
    assertInert(page.slice(page.indexOf('</style>') + '</style>'.length));
    assert.ok(page.includes(`<title>${escapeHtml(payloads('report-title'))}</title>`));
  });
});
