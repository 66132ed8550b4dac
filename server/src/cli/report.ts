// `okr report [paths|folders…] [--out report.html]`: the whole cascade as one self-contained
// HTML page (no script, no network), drawn by the same renderer as the editor's preview.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { buildTree } from '../core/cascade';
import { renderReportHtml } from '../render/report';
import { parseArgs, UsageError, type CliIo } from './io';
import { loadWorkspace } from './tree';

export const summary = 'write the cascade as a self-contained HTML dashboard';

const HELP = `Usage: okr report [paths or folders…] [--out file.html] [--title text]

Finds *.okr.md files (default: the current folder, respecting .gitignore) and writes one HTML
file with the whole cascade: each unit with its objectives, key results, progress bars, bands,
confidence and check-in trends. The page has no script and loads nothing from the network.

Options:
  --out file.html   where to write (default: okr-report.html; "-" prints to stdout)
  --title text      the page title (default: OKR report)
  -h, --help        show this help
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { positional, flags } = parseArgs(args, ['--out', '--title'], ['--help', '-h']);
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const out = String(flags.get('--out') ?? 'okr-report.html');
  const { workspace, failed } = loadWorkspace(positional, io.cwd, io);
  const tree = buildTree(workspace);
  const files = tree.units.length;
  const html = renderReportHtml(tree, {
    title: flags.has('--title') ? String(flags.get('--title')) : undefined,
    subtitle: `${files} file${files === 1 ? '' : 's'} · generated ${new Date().toISOString().slice(0, 10)}`,
  });
  if (out === '-') io.stdout(html);
  else {
    const target = resolve(io.cwd, out);
    writeAtomically(target, html);
    io.stdout(`${target}\n`);
  }
  return failed > 0 ? 2 : 0;
}

/** Writes through a temporary file and a rename, so a reader never sees half a report. */
function writeAtomically(target: string, text: string): void {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UsageError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
