// The `okr` command line: a dispatch table of sub-commands, each in `cli/<name>.ts` exporting
// `run(args, io): Promise<number>` (the exit code) and a one-line `summary`.

import pkg from '../../package.json';
import { UsageError, type CliIo } from './cli/io';
import * as lint from './cli/lint';
import * as report from './cli/report';
import * as rules from './cli/rules';
import * as tree from './cli/tree';

interface Command {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const commands: Record<string, Command> = {
  tree,
  lint,
  rules,
  report,
};

function usage(): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  return [
    'Usage: okr <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n].summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: okr <command> --help)',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(usage());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(`${pkg.version}\n`);
      return 0;
    }
    const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
    if (!command) throw new UsageError(name.startsWith('-') ? `unknown option: ${name}` : `unknown command: ${name} (run okr --help)`);
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`okr${commandSuffix(name)}: ${e.message}\n`);
      return 2;
    }
    io.stderr(`okr: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

function commandSuffix(name: string | undefined): string {
  return name && Object.prototype.hasOwnProperty.call(commands, name) ? ` ${name}` : '';
}

if (typeof require !== 'undefined' && require.main === module) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
