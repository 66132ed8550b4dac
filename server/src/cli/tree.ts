// `okr tree [paths|folders…] [--format text|json]`: the cascade with progress.

import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { buildTree } from '../core/cascade';
import type { Band, TreeJson, TreeUnit } from '../core/model';
import { parseOkr } from '../core/parse';
import { OkrWorkspace } from '../core/workspace';
import { findOkrFiles, readOkrFile } from '../node/files';
import { parseArgs, UsageError, type CliIo } from './io';

export const summary = 'print the OKR cascade with progress (text or JSON)';

const HELP = `Usage: okr tree [paths or folders…] [--format text|json]

Finds *.okr.md files (default: the current folder, respecting .gitignore), nests the units by
their parent into the cascade and prints each unit, objective and key result with its progress.

Options:
  --format text|json   output format (default: text)
  -h, --help           show this help
`;

/** Reads every `.okr.md` file under `inputs` into a workspace keyed by paths relative to `cwd`. Exported for other commands. */
export function loadWorkspace(inputs: string[], cwd: string, io: CliIo): { workspace: OkrWorkspace; failed: number } {
  const roots = (inputs.length ? inputs : ['.']).map((p) => resolve(cwd, p));
  for (const [i, root] of roots.entries()) {
    try {
      statSync(root);
    } catch {
      throw new UsageError(`cannot read ${inputs[i] ?? root}: no such file or directory`);
    }
  }
  const workspace = new OkrWorkspace();
  let failed = 0;
  for (const file of findOkrFiles(roots)) {
    const shown = displayPath(file, cwd);
    const read = readOkrFile(file);
    if ('error' in read) {
      io.stderr(`okr: ${displayPath(read.error, cwd)}\n`);
      failed++;
      continue;
    }
    // The line scanner reads the same model as remark (a differential test checks it), several times faster.
    workspace.set(shown, parseOkr(read.text, { fileName: shown, engine: 'lines' }));
  }
  return { workspace, failed };
}

function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}

const COLORS: Record<Band, string> = { 'on-track': '32', 'at-risk': '33', 'off-track': '31', 'not-started': '2' };
const BAR_WIDTH = 10;
const LABEL_WIDTH = 64;

function bar(progress: number | null, band: Band, color: boolean): string {
  const text =
    progress === null
      ? `${'·'.repeat(BAR_WIDTH)}    –`
      : `${'█'.repeat(Math.round(progress * BAR_WIDTH))}${'░'.repeat(BAR_WIDTH - Math.round(progress * BAR_WIDTH))} ${`${Math.round(progress * 100)}%`.padStart(4)}`;
  return color ? `\u001b[${COLORS[band]}m${text}\u001b[0m` : text;
}

function label(text: string, indent: number): string {
  const room = LABEL_WIDTH - indent;
  const chars = [...text.replace(/\s+/g, ' ')];
  const shown = chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : chars.join('');
  return ' '.repeat(indent) + shown + ' '.repeat(Math.max(1, room - [...shown].length + 1));
}

/** Plain-text cascade: units indented under their parent, then objectives and key results. */
export function renderTreeText(tree: TreeJson, color: boolean): string {
  const depth = new Map<string, number>();
  const out: string[] = [];
  for (const unit of tree.units) {
    const d = unit.parent !== null && depth.has(unit.parent) ? depth.get(unit.parent)! + 1 : 0;
    if (!depth.has(unit.id)) depth.set(unit.id, d);
    out.push(...unitLines(unit, d * 2, color));
  }
  const objectives = tree.units.reduce((n, u) => n + u.objectives.length, 0);
  const krs = tree.units.reduce((n, u) => n + u.objectives.reduce((m, o) => m + o.krs.length, 0), 0);
  out.push('', `${tree.units.length} unit${tree.units.length === 1 ? '' : 's'}, ${objectives} objective${objectives === 1 ? '' : 's'}, ${krs} key result${krs === 1 ? '' : 's'}`);
  return out.join('\n') + '\n';
}

function unitLines(unit: TreeUnit, indent: number, color: boolean): string[] {
  const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[0m` : s);
  const head = `${unit.title}${unit.period ? ` — ${unit.period}` : ''} (${unit.id}, ${unit.file})`;
  const lines = [bold(label(head, indent)) + bar(unit.progress, unit.band, color)];
  if (unit.objectives.length === 0) lines.push(`${' '.repeat(indent + 2)}(no objectives)`);
  for (const o of unit.objectives) {
    lines.push(label(`${o.id} ${o.title}`, indent + 2) + bar(o.progress, o.band, color));
    for (const kr of o.krs) {
      const mark = kr.kind === 'milestone' ? '◆ ' : '';
      const rolled = kr.rolledUp ? ' ↑' : '';
      lines.push(label(`${kr.id} ${mark}${kr.text}`, indent + 4) + bar(kr.progress, kr.band, color) + rolled);
    }
  }
  return lines;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { positional, flags } = parseArgs(args, ['--format'], ['--help', '-h']);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const format = flags.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${String(format)}`);
  const { workspace, failed } = loadWorkspace(positional, io.cwd, io);
  const tree = buildTree(workspace);
  io.stdout(format === 'json' ? `${JSON.stringify(tree, null, 2)}\n` : renderTreeText(tree, io.color));
  return failed > 0 ? 2 : 0;
}
