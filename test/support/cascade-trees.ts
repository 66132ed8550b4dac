// Hand-made cascades for the renderer's tests: a small, realistic one and a hostile one whose
// every text field carries markup, script, event handlers, remote links and CSS injection.
import type { TreeCheckIn, TreeJson, TreeKr, TreeObjective, TreeUnit } from '../../server/src/core/model';

export function kr(fields: Partial<TreeKr> & Pick<TreeKr, 'id' | 'text'>): TreeKr {
  return {
    kind: 'metric',
    baseline: null,
    target: null,
    current: null,
    unit: null,
    direction: null,
    confidence: null,
    progress: null,
    band: 'not-started',
    owner: null,
    checkins: [],
    line: 0,
    alignedChildren: 0,
    rolledUp: false,
    ...fields,
  };
}

export function objective(fields: Partial<TreeObjective> & Pick<TreeObjective, 'id' | 'title'>): TreeObjective {
  return { progress: null, band: 'not-started', aligns: [], owner: null, line: 0, alignedChildren: 0, krs: [], ...fields };
}

export function unit(fields: Partial<TreeUnit> & Pick<TreeUnit, 'id' | 'title'>): TreeUnit {
  return {
    period: '2026-Q1',
    parent: null,
    file: `/ws/${fields.id}.okr.md`,
    owner: null,
    progress: null,
    band: 'not-started',
    children: [],
    objectives: [],
    ...fields,
  };
}

export function sampleTree(): TreeJson {
  return {
    units: [
      unit({
        id: 'company',
        title: 'Acme',
        progress: 0.55,
        band: 'at-risk',
        children: ['product'],
        objectives: [
          objective({
            id: 'O1',
            title: 'Win the home-cook market',
            progress: 0.55,
            band: 'at-risk',
            line: 7,
            alignedChildren: 1,
            krs: [
              kr({ id: 'KR1', text: 'Grow ARR from $8M to $12M', baseline: 8_000_000, target: 12_000_000, current: 10_000_000, unit: '$', progress: 0.5, band: 'at-risk', line: 8 }),
              kr({ id: 'KR2', text: 'Raise NPS from 30 to 50', progress: 0.6, band: 'at-risk', line: 10, alignedChildren: 1, rolledUp: true }),
            ],
          }),
          objective({ id: 'O2', title: 'Be a great place to work', line: 14, krs: [kr({ id: 'KR1', text: 'Raise eNPS from 10 to 30', line: 15 })] }),
        ],
      }),
      unit({
        id: 'product',
        title: 'Product',
        parent: 'company',
        progress: 0.6,
        band: 'at-risk',
        children: ['growth'],
        objectives: [
          objective({
            id: 'O1',
            title: 'Make customers love the app',
            aligns: ['company#O1.KR2'],
            progress: 0.6,
            band: 'at-risk',
            line: 6,
            alignedChildren: 1,
            krs: [kr({ id: 'KR1', text: 'Increase weekly retention from 40% to 55%', baseline: 40, target: 55, current: 49, unit: '%', progress: 0.6, band: 'at-risk', line: 9 })],
          }),
        ],
      }),
      unit({
        id: 'growth',
        title: 'Growth',
        parent: 'product',
        owner: 'Janet Doe',
        progress: 0.8,
        band: 'on-track',
        children: ['ana'],
        objectives: [
          objective({
            id: 'O1',
            title: 'Become the trusted place home cooks buy their pots',
            aligns: ['product#O1'],
            owner: 'Janet Doe',
            progress: 0.8,
            band: 'on-track',
            line: 7,
            krs: [
              kr({
                id: 'KR1',
                text: 'Decrease refund rate from 0.5% to 0.2%',
                baseline: 0.5,
                target: 0.2,
                current: 0.26,
                unit: '%',
                direction: 'decrease',
                confidence: 0.7,
                progress: 0.8,
                band: 'on-track',
                line: 11,
                checkins: [
                  { date: '2026-01-14', value: 0.45, confidence: null, note: null },
                  { date: '2026-02-01', value: 0.4, confidence: 0.6, note: 'new packaging shipped' },
                  { date: '2026-03-01', value: 0.26, confidence: null, note: null },
                ],
              }),
              kr({ id: 'KR2', text: 'Sign a retail partnership', kind: 'milestone', progress: 1, band: 'on-track', confidence: 0.4, line: 16 }),
            ],
          }),
        ],
      }),
      unit({ id: 'ana', title: 'Ana', parent: 'growth', objectives: [] }),
    ],
  };
}

/** Every kind of hostile content a file could carry, tagged with where it sits. */
export function payloads(where: string): string {
  return (
    `<script>window.__pwned=1;alert('${where}')</script>` +
    `<img src=x onerror="window.__pwned=1" src2="https://evil.example/${where}.png">` +
    `" onmouseover="window.__pwned=1" x="` +
    `<a href="javascript:window.__pwned=1">js-${where}</a>` +
    `</style><style>body{background:url(https://evil.example/css-${where})}</style>` +
    `[remote](https://evil.example/md-${where}) ![img](https://evil.example/img-${where}.png)` +
    `<iframe src="https://evil.example/frame"></iframe>{{constructor.constructor('window.__pwned=1')()}}`
  );
}

export function hostileTree(): TreeJson {
  const checkin = (i: number): TreeCheckIn => ({ date: payloads(`date${i}`), value: i, confidence: 0.5, note: payloads(`note${i}`) });
  const hostileKr = (id: string, line: number) =>
    kr({
      id: payloads(`krid-${id}`),
      text: payloads(`krtext-${id}`),
      unit: payloads(`unit-${id}`),
      owner: payloads(`krowner-${id}`),
      baseline: 1,
      target: 3,
      current: 2,
      progress: 0.5,
      band: 'at-risk',
      confidence: 0.5,
      line,
      alignedChildren: 1,
      rolledUp: true,
      checkins: [checkin(1), checkin(2)],
    });
  const hostileUnit = (id: string, parent: string | null): TreeUnit =>
    unit({
      id,
      title: payloads(`title-${id}`),
      period: payloads(`period-${id}`),
      parent,
      owner: payloads(`owner-${id}`),
      file: `/ws/${payloads(`file-${id}`)}.okr.md`,
      progress: 0.5,
      band: 'at-risk',
      objectives: [
        objective({
          id: payloads(`oid-${id}`),
          title: payloads(`otitle-${id}`),
          owner: payloads(`oowner-${id}`),
          aligns: [payloads(`aligns-${id}`), `${parent ?? 'x'}#${payloads('ref')}`],
          progress: 0.5,
          band: 'at-risk',
          line: 3,
          alignedChildren: 2,
          krs: [hostileKr('a', 4), hostileKr('b', 6)],
        }),
      ],
    });
  const top = hostileUnit(payloads('unitid-top'), null);
  const child = hostileUnit(payloads('unitid-child'), top.id);
  top.children = [child.id];
  return { units: [top, child] };
}
