import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliArgs {
  /** A string option that has a default. */
  string(name: string): string;
  optional(name: string): string | undefined;
  flag(name: string): boolean;
}

/**
 * parseArgs for the lab's commands, with `--help` and without stack traces: an unknown or
 * malformed option prints the problem and the usage, and exits 2. `args` are what follows the
 * command (and its subcommand, if it has one).
 */
export function parseCliArgs(usage: string, options: Options,
  args: string[] = process.argv.slice(2)): CliArgs {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options: { ...options, help: { type: 'boolean' } }, strict: true,
      allowPositionals: false }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage.trim()}\n`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
  return {
    string: (name) => String(values[name] ?? ''),
    optional: (name) => typeof values[name] === 'string' ? values[name] : undefined,
    flag: (name) => values[name] === true,
  };
}
