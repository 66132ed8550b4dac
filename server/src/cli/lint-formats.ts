// Output formats of `okr lint`: stylish (people), json (tools), sarif (code scanning), github (workflow annotations).
import type { Severity } from '../core/model';
import { rules, ruleDocsUrl } from '../rules/index';
import type { Finding } from '../rules/types';
import pkg from '../../../package.json';

export interface FileResult {
  file: string;
  findings: Finding[];
}

export type Format = 'stylish' | 'json' | 'sarif' | 'github';
export const FORMATS: Format[] = ['stylish', 'json', 'sarif', 'github'];

const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '2' };

/** How many findings of each severity, in one pass (a large workspace has a hundred thousand). */
export function tally(results: FileResult[]): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of results) for (const f of r.findings) n[f.severity]++;
  return n;
}

export function formatStylish(results: FileResult[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  for (const r of results) {
    if (!r.findings.length) continue;
    out.push('', paint('4', r.file));
    const positions = r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);
    let w0 = 0;
    let w1 = 0;
    r.findings.forEach((f, i) => ((w0 = Math.max(w0, positions[i].length)), (w1 = Math.max(w1, f.severity.length))));
    r.findings.forEach((f, i) => out.push(`  ${paint('2', positions[i].padEnd(w0))}  ${paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(w1))}  ${f.message}  ${paint('2', f.ruleId)}`));
  }
  const { error: errors, warning: warnings, information, hint } = tally(results);
  const others = information + hint;
  const total = errors + warnings + others;
  if (total) {
    const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${others} info)`;
    out.push('', paint(errors ? '31;1' : '33;1', summary));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

export function formatJson(results: FileResult[]): string {
  const shaped = results.map((r) => ({
    file: r.file,
    findings: r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })) })),
  }));
  return JSON.stringify(shaped, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(results: FileResult[]): string {
  const ids = rules.map((r) => r.meta.id);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'okr',
            version: pkg.version,
            informationUri: 'https://github.com/okr-markdown/okr-markdown',
            rules: rules.map((r) => ({
              id: r.meta.id,
              shortDescription: { text: r.meta.description },
              helpUri: ruleDocsUrl(r.meta.id),
              defaultConfiguration: { level: SARIF_LEVEL[r.meta.severity] },
            })),
          },
        },
        results: results.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.ruleId,
            ...(ids.includes(f.ruleId) ? { ruleIndex: ids.indexOf(f.ruleId) } : {}),
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file.split('\\').join('/') },
                  region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };
/** Workflow command escaping: data escapes %, CR, LF; properties also `:` and `,`. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(results: FileResult[]): string {
  const lines = results.flatMap((r) =>
    r.findings.map((f) => {
      const props = [`file=${escapeProperty(r.file)}`, `line=${f.range.start.line + 1}`, `col=${f.range.start.character + 1}`, `endLine=${f.range.end.line + 1}`, `endColumn=${f.range.end.character + 1}`, `title=${escapeProperty(`okr(${f.ruleId})`)}`];
      return `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
    }),
  );
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function format(results: FileResult[], kind: Format, color: boolean): string {
  switch (kind) {
    case 'json':
      return formatJson(results);
    case 'sarif':
      return formatSarif(results);
    case 'github':
      return formatGithub(results);
    default:
      return formatStylish(results, color);
  }
}
