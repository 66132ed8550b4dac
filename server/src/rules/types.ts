// The shape every rule shares: metadata first, then a named check that reports findings.
// Findings and fixes are plain data; one pure function (`applyEdits` in core/fixes.ts)
// applies them for quick fixes, "fix all", `source.fixAll.okr` and `okr lint --fix`.
import type { Objective, OkrDocument, Range, Severity, TextEdit } from '../core/model';
import type { OkrWorkspace } from '../core/workspace';

export type { Range, Severity, TextEdit };

/** A rule's configured level: a severity, or `off`. */
export type Level = Severity | 'off';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes keep the author's meaning; fix-all and `okr lint --fix` apply only these. */
  safe: boolean;
  /** True when `newText` holds snippet placeholders (`${1:baseline}`) for the editor to fill in. */
  snippet?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
}

export interface RuleOption {
  type: 'integer' | 'number' | 'boolean' | 'string';
  default: number | boolean | string;
  description: string;
  minimum?: number;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  description: string;
  fixable: boolean;
  /** `workspace` rules look at other files (alignment) and need `RuleContext.workspace`. */
  scope: 'file' | 'workspace';
  /**
   * `check` reports only about `ctx.objectives`, and what it reports for an objective depends only on that objective,
   * the lines of its section, the options and the line ending (not on the rest of the document). Lets the engine
   * reuse an objective's findings while its section is unchanged, and check again only the edited one.
   */
  perObjective?: boolean | {
    /**
     * What else the findings depend on (today's date, the document's period, `ctx.idsVersion`…), as a string
     * compared between runs.
     */
    alsoDependsOn(ctx: RuleContext): string;
  };
  options: Record<string, RuleOption>;
}

export interface RuleContext {
  doc: OkrDocument;
  /**
   * The objectives to check: all of the document's, or, for a `perObjective` rule, the one whose section the engine
   * checks again.
   */
  objectives: Objective[];
  /**
   * Stays the same while the ids the document declares (its unit id, every objective's and KR's) stay the same; any
   * number changes it. Per-objective findings that read other objectives' ids depend on it.
   */
  idsVersion: number;
  text: string;
  /** The text split into lines exactly as LSP counts them (\r\n, \n or \r). */
  lines: string[];
  /** The line ending to use in inserted text. */
  eol: string;
  path?: string;
  workspace?: OkrWorkspace;
  /** `YYYY-MM-DD`. */
  today: string;
  /** The rule's options, defaults merged with configuration. */
  options: Record<string, unknown>;
}

export interface Report {
  /** `severity` only lowers a finding below the rule's default (e.g. a hint); configured levels win. */
  (finding: { message: string; range: Range; fixes?: Fix[]; severity?: Severity }): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext, report: Report): void;
  /** A `perObjective` rule's findings about the document as a whole (its front matter, objectives sharing an id…). */
  checkDocument?(ctx: RuleContext, report: Report): void;
}
