// Text helpers of the renderer: escaping and number formatting. Pure and deterministic
// (fixed locale), so the preview, the sidebar view and the report show the same figures.
import type { Band } from '../core/model';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A finite number, or null for anything else (the data may come over the wire). */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Progress clamped to 0..1, or null when there is none. */
export function progressOf(value: unknown): number | null {
  const n = finite(value);
  return n === null ? null : Math.min(1, Math.max(0, n));
}

const BANDS: readonly Band[] = ['on-track', 'at-risk', 'off-track', 'not-started'];
const BAND_LABELS: Record<Band, string> = {
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  'not-started': 'Not started',
};

/** A known band (it becomes part of a class name, so nothing else may pass). */
export function bandOf(value: unknown): Band {
  return BANDS.includes(value as Band) ? (value as Band) : 'not-started';
}

export function bandLabel(band: Band): string {
  return BAND_LABELS[band];
}

export function formatPercent(progress: number | null): string {
  return progress === null ? '—' : `${Math.round(progress * 100)}%`;
}

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
// 12,000,000 reads better as 12M; smaller figures keep their digits.
const numberText = (n: number) => (Math.abs(n) >= 100_000 ? compact : plain).format(n);
const PREFIX_UNITS = new Set(['$', '€', '£', '¥']);
const TIGHT_UNITS = new Set(['%', 'x', '/5', '/10']);

/** `0.45` + `%` → `0.45%`, `1200` + `$` → `$1,200`, `850` + `ms` → `850 ms`; null → `—`. */
export function formatQuantity(value: unknown, unit: unknown): string {
  const n = finite(value);
  if (n === null) return '—';
  const text = numberText(n);
  const u = typeof unit === 'string' ? unit : '';
  if (!u) return text;
  if (PREFIX_UNITS.has(u)) return n < 0 ? `-${u}${numberText(-n)}` : `${u}${text}`;
  return TIGHT_UNITS.has(u) ? `${text}${u}` : `${text} ${u}`;
}
