// Findings → LSP diagnostics, and the result ids of pull diagnostics.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Severity } from '../core/model';
import { ruleDocsUrl, UNUSED_DIRECTIVE_ID } from '../rules/index';
import type { Finding } from '../rules/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    source: 'okr',
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    message: f.message,
  };
  if (f.ruleId === UNUSED_DIRECTIVE_ID) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

/**
 * Result ids for pull diagnostics: the same diagnostics keep the same id, so a client asking again with the id it
 * has gets "unchanged" instead of the whole list.
 */
export class ResultIds {
  private last = new Map<string, { json: string; id: string }>();
  private counter = 0;

  idFor(uri: string, diagnostics: Diagnostic[]): string {
    const json = JSON.stringify(diagnostics);
    const prev = this.last.get(uri);
    if (prev && prev.json === json) return prev.id;
    const id = String(++this.counter);
    this.last.set(uri, { json, id });
    return id;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
