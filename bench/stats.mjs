// Summaries of timing samples: median and p95 (nearest rank), and the ratios between them.

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 100) / 100;
  return { runs: samples.length, median: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), p99: r(percentile(sorted, 99)), min: r(sorted[0]), max: r(sorted[sorted.length - 1]) };
}

/** How many times faster `fast` is than `slow`, by medians. */
export function ratio(slow, fast) {
  return slow.median / fast.median;
}

export function fmtMs(s) {
  if (!s) return 'not measured';
  if (s.error) return `failed: ${s.error.split('\n')[0]}`;
  const f = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
  return `${f(s.median)} (p95 ${f(s.p95)})${s.cpu ? `, CPU ${f(s.cpu.median)}` : ''}`;
}
