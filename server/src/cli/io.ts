// What a sub-command of the `okr` CLI gets from the outside world, so tests can run it in memory.

export interface CliIo {
  /** Text, or (for large output) text as UTF-8 bytes. */
  stdout(text: string | Buffer): void;
  stderr(text: string): void;
  cwd: string;
  /** True when stdout is a terminal and colour is allowed (NO_COLOR unset). */
  color: boolean;
}

/** Thrown for bad usage (unknown flag, missing value, unreadable path): one line on stderr, exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/**
 * Splits `args` into positionals and `--flag value` / `--flag=value` / `--switch` options.
 * `valued` lists the flags that take a value; any flag not in `valued` or `switches` is an error.
 */
export function parseArgs(args: string[], valued: string[], switches: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`option ${name} needs a value`);
      flags.set(name, value);
    } else if (switches.includes(name) && eq < 0) flags.set(name, true);
    else throw new UsageError(`unknown option: ${name}`);
  }
  return { positional, flags };
}
