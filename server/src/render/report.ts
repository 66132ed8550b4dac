// `okr report`'s page: one self-contained HTML file with no script at all. Its own CSP forbids
// scripts, network and every style but the inline sheet (allowed by hash), so even a broken
// escape could not run or fetch anything.
import { createHash } from 'node:crypto';
import type { TreeJson } from '../core/model';
import { renderCascadeHtml } from './cascade';
import { escapeHtml } from './format';
import { CASCADE_CSS } from './style';

export interface ReportOptions {
  title?: string;
  /** Shown under the title, e.g. the generation date. */
  subtitle?: string;
}

const PAGE_CSS = `${CASCADE_CSS}
body { margin: 0; padding: 1.5rem 2rem; background: var(--okr-bg); color: var(--okr-fg); font-family: var(--okr-font); }
.report-header h1 { font-size: 1.6rem; margin: 0 0 0.2rem; }
.report-header p { margin: 0 0 1rem; color: var(--okr-muted); }
`;

/** The content-security policy of the report: no script, no network, only the page's own stylesheet. */
export function reportCsp(css: string): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function renderReportHtml(tree: TreeJson, options: ReportOptions = {}): string {
  const title = options.title ?? 'OKR report';
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${reportCsp(PAGE_CSS)}">\n` +
    `<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${PAGE_CSS}</style>\n</head>\n<body>\n<main>\n` +
    `<header class="report-header"><h1>${escapeHtml(title)}</h1>` +
    (options.subtitle ? `<p>${escapeHtml(options.subtitle)}</p>` : '') +
    `</header>\n${renderCascadeHtml(tree)}\n</main>\n</body>\n</html>\n`
  );
}
