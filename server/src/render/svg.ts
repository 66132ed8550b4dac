// Progress bars and check-in sparklines as inline SVG. Geometry goes in SVG attributes,
// never in `style` attributes, so a strict style-src CSP needs no 'unsafe-inline'.
// Only numbers reach the coordinates; every text goes through escapeHtml.
import type { Band, TreeCheckIn } from '../core/model';
import { escapeHtml, finite, formatPercent } from './format';

/** A bar 0..100 wide (scaled by CSS), exposed to screen readers as a progressbar. */
export function progressBar(progress: number | null, band: Band, label: string): string {
  const pct = progress === null ? 0 : Math.round(progress * 100);
  const value = progress === null ? '' : ` aria-valuenow="${pct}"`;
  const text = `${label}: ${progress === null ? 'not started' : formatPercent(progress)}`;
  return (
    `<svg class="bar band-${band}" viewBox="0 0 100 4" preserveAspectRatio="none" role="progressbar"` +
    ` aria-valuemin="0" aria-valuemax="100"${value} aria-label="${escapeHtml(text)}">` +
    `<rect class="bar-track" width="100" height="4"/><rect class="bar-fill" width="${pct}" height="4"/></svg>`
  );
}

const WIDTH = 60;
const HEIGHT = 16;
const PAD = 2;

function coord(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The trend of check-in values: a polyline with a dot on the latest value; empty below two values (no trend yet). */
export function sparkline(checkins: readonly TreeCheckIn[], describe: (c: TreeCheckIn) => string): string {
  const points = checkins.filter((c) => finite(c.value) !== null);
  if (points.length < 2) return '';
  const values = points.map((c) => c.value as number);
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  const xy = values.map((v, i) => {
    const x = PAD + (i * (WIDTH - 2 * PAD)) / (points.length - 1);
    const y = span === 0 ? HEIGHT / 2 : HEIGHT - PAD - ((v - min) * (HEIGHT - 2 * PAD)) / span;
    return [coord(x), coord(y)];
  });
  const [lastX, lastY] = xy[xy.length - 1];
  const label = `Check-ins: ${points.map(describe).join('; ')}`;
  const line = `<polyline points="${xy.map((p) => p.join(',')).join(' ')}"/>`;
  return (
    `<svg class="spark" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(label)}">` +
    `<title>${escapeHtml(label)}</title>${line}<circle cx="${lastX}" cy="${lastY}" r="1.8"/></svg>`
  );
}
