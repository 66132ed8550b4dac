// `okr rules`: every rule with its default level, whether it has fixes, its options and its page.
import { rules, ruleDocsUrl } from '../rules/index';
import { parseArgs, UsageError, type CliIo } from './io';

export const summary = 'list the lint rules with their defaults';

const HELP = `Usage: okr rules [--format text|json]

Lists every rule: id, default level, whether it has quick fixes, its options and defaults.
Configure them in .okrrc.json: { "rules": { "<id>": "off" | "information" | "warning" | "error" | [level, { options }] } }
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const { positional, flags } = parseArgs(args, ['--format']);
  if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
  const fmt = flags.get('--format') ?? 'text';
  if (fmt === 'json') {
    const list = rules.map((r) => ({ ...r.meta, options: Object.fromEntries(Object.entries(r.meta.options).map(([k, o]) => [k, o.default])), docs: ruleDocsUrl(r.meta.id) }));
    io.stdout(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  if (fmt !== 'text') throw new UsageError(`--format must be text or json (got ${String(fmt)})`);
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  const out = rules.map((r) => {
    const options = Object.entries(r.meta.options).map(([k, o]) => `${k}=${o.default}`).join(' ');
    const level = r.meta.severity.padEnd(11);
    return `${r.meta.id.padEnd(width)}  ${level}  ${r.meta.fixable ? 'fix' : '   '}  ${r.meta.scope === 'workspace' ? 'cross-file ' : ''}${r.meta.description}${options ? `  [${options}]` : ''}`;
  });
  io.stdout(`${'rule'.padEnd(width)}  ${'default'.padEnd(11)}  fix  description\n${out.join('\n')}\n`);
  return 0;
}
