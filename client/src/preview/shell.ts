// The webview's HTML shell: a strict CSP (nonce'd script and style, no 'unsafe-inline', no
// 'unsafe-eval', no network), the shared cascade stylesheet and the script from media/.
// Pure (no `vscode` import) so the browser security test loads exactly this page.
import { CASCADE_CSS } from '../../../server/src/render/style';
import { escapeHtml } from '../../../server/src/render/format';

export interface ShellOptions {
  /** The webview's `cspSource` (the origin its local resources are served from). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The first picture, shown before the script takes over. */
  body: string;
}

export function previewCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

export function previewShellHtml(options: ShellOptions): string {
  const nonce = escapeHtml(options.nonce);
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(previewCsp(options.cspSource, options.nonce))}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<style nonce="${nonce}">${CASCADE_CSS}</style>\n` +
    `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(options.styleUri)}">\n<title>OKR Preview</title>\n</head>\n` +
    `<body>\n<main id="root">${options.body}</main>\n<p id="status" class="sr-only" role="status" aria-live="polite"></p>\n` +
    `<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>\n</body>\n</html>\n`
  );
}
