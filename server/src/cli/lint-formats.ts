// Output formats of `okr lint`: stylish (people), json (tools), sarif (code scanning), github (workflow annotations).
// They read findings in their flat form (see FlatFindings), as a warm run takes them from its cache.
import type { Severity } from '../core/model';
import { rules, ruleDocsUrl } from '../rules/index';
import pkg from '../../../package.json';
import { decodeFinding, FINDING_SIZE, type FlatFindings, type StringList } from './lint-cache';

export interface FileResult {
  file: string;
  findings: FlatFindings;
}

/** What `okr lint` prints: the files in order, with their findings' strings in one table. */
export interface LintReport {
  strings: StringList;
  files: FileResult[];
}

export type Format = 'stylish' | 'json' | 'sarif' | 'github';
export const FORMATS: Format[] = ['stylish', 'json', 'sarif', 'github'];

const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '2' };

/** Output: text, or text as UTF-8 bytes. */
export type Write = (chunk: string | Buffer) => void;

/**
 * Text is written in pieces of about this many characters (a hundred thousand findings make 20 MB): few
 * writes, and the strings a piece is joined from die young (1 MB pieces cost a warm run 50 ms more).
 */
const CHUNK = 1 << 16;

/**
 * The line formats join strings held as their UTF-8 bytes, one character a byte (see `bytesOf`), and write
 * bytes: joined as they are, the messages with a character past Latin-1 ('→', '≥') make the whole output a
 * two-byte string, which took longer to encode than the rest of a warm run's output took to build.
 */
function chunked(write: Write): { add(bytes: string): void; end(): void } {
  let pending = '';
  return {
    add(bytes) {
      pending += bytes;
      if (pending.length >= CHUNK) {
        write(Buffer.from(pending, 'latin1'));
        pending = '';
      }
    },
    end() {
      if (pending) write(Buffer.from(pending, 'latin1'));
    },
  };
}

const ASCII = /^[\x00-\x7f]*$/;
/** `text` as its UTF-8 bytes, one character a byte. */
const utf8Bytes = (text: string): string => (ASCII.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1'));

/** The strings of a table as UTF-8 bytes, each converted once. */
function bytesOf(strings: StringList): (index: number) => string {
  const converted: string[] = [];
  return (index) => (converted[index] ??= utf8Bytes(strings[index]));
}

/** How many findings of each severity, in one pass (a large workspace has a hundred thousand). */
export function tally(report: LintReport): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of report.files) for (let at = 1; at < r.findings.length; at += FINDING_SIZE) n[report.strings[r.findings[at]] as Severity]++;
  return n;
}

/** The findings of `flat` whose severity is error. */
export function errorsOnly(flat: FlatFindings, strings: StringList): FlatFindings {
  const kept: FlatFindings = [];
  for (let at = 0; at < flat.length; at += FINDING_SIZE) if (strings[flat[at + 1]] === 'error') for (let k = 0; k < FINDING_SIZE; k++) kept.push(flat[at + k]);
  return kept;
}

function formatStylish(report: LintReport, color: boolean, write: Write): void {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bytes = bytesOf(report.strings);
  const out = chunked(write);
  const positions: string[] = [];
  for (const r of report.files) {
    const f = r.findings;
    if (!f.length) continue;
    out.add(`\n${paint('4', utf8Bytes(r.file))}\n`);
    let w0 = 0;
    let w1 = 0;
    positions.length = 0;
    for (let at = 0; at < f.length; at += FINDING_SIZE) {
      const position = `${f[at + 3] + 1}:${f[at + 4] + 1}`;
      positions.push(position);
      w0 = Math.max(w0, position.length);
      w1 = Math.max(w1, bytes(f[at + 1]).length);
    }
    for (let at = 0, i = 0; at < f.length; at += FINDING_SIZE, i++) {
      const severity = bytes(f[at + 1]);
      out.add(`  ${paint('2', positions[i].padEnd(w0))}  ${paint(SEVERITY_COLOR[severity as Severity], severity.padEnd(w1))}  ${bytes(f[at + 2])}  ${paint('2', bytes(f[at]))}\n`);
    }
  }
  const { error: errors, warning: warnings, information, hint } = tally(report);
  const others = information + hint;
  const total = errors + warnings + others;
  if (total) {
    const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${others} info)`;
    out.add(`\n${paint(errors ? '31;1' : '33;1', utf8Bytes(summary))}\n`);
  }
  out.end();
}

function formatJson(report: LintReport): string {
  const shaped = report.files.map((r) => {
    const findings = [];
    for (let at = 0; at < r.findings.length; at += FINDING_SIZE) {
      const f = decodeFinding(r.findings, at, report.strings);
      findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })) });
    }
    return { file: r.file, findings };
  });
  return JSON.stringify(shaped, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function formatSarif(report: LintReport): string {
  const { strings } = report;
  const ids = rules.map((r) => r.meta.id);
  const results = [];
  for (const r of report.files) {
    const f = r.findings;
    for (let at = 0; at < f.length; at += FINDING_SIZE) {
      const ruleId = strings[f[at]];
      results.push({
        ruleId,
        ...(ids.includes(ruleId) ? { ruleIndex: ids.indexOf(ruleId) } : {}),
        level: SARIF_LEVEL[strings[f[at + 1]] as Severity],
        message: { text: strings[f[at + 2]] },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: r.file.split('\\').join('/') },
              region: { startLine: f[at + 3] + 1, startColumn: f[at + 4] + 1, endLine: f[at + 5] + 1, endColumn: f[at + 6] + 1 },
            },
          },
        ],
      });
    }
  }
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
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };
/** Workflow command escaping: data escapes %, CR, LF; properties also `:` and `,`. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

// The escapes work on UTF-8 bytes as on text: the bytes of a character past ASCII are never ASCII.
function formatGithub(report: LintReport, write: Write): void {
  const bytes = bytesOf(report.strings);
  const out = chunked(write);
  for (const r of report.files) {
    const f = r.findings;
    const file = `file=${escapeProperty(utf8Bytes(r.file))}`;
    for (let at = 0; at < f.length; at += FINDING_SIZE) {
      const props = [file, `line=${f[at + 3] + 1}`, `col=${f[at + 4] + 1}`, `endLine=${f[at + 5] + 1}`, `endColumn=${f[at + 6] + 1}`, `title=${escapeProperty(`okr(${bytes(f[at])})`)}`];
      out.add(`::${GITHUB_COMMAND[bytes(f[at + 1]) as Severity]} ${props.join(',')}::${escapeData(bytes(f[at + 2]))}\n`);
    }
  }
  out.end();
}

/** Writes the report in `kind` through `write` (in pieces for the line formats). */
export function format(report: LintReport, kind: Format, color: boolean, write: Write): void {
  switch (kind) {
    case 'json':
      return write(formatJson(report));
    case 'sarif':
      return write(formatSarif(report));
    case 'github':
      return formatGithub(report, write);
    default:
      return formatStylish(report, color, write);
  }
}
