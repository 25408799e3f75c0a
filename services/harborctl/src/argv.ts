import type { Command, OptionSpec } from './command.ts';
import { GLOBAL_OPTIONS } from './config.ts';
import { UsageError } from './errors.ts';
import { sanitize } from './output.ts';

export interface Located {
  /** Undefined when the words name no complete command (none given, or a noun alone). */
  command: Command | undefined;
  /** The command words as typed, e.g. `['endpoint', 'create']`. */
  words: string[];
  /** Everything else, in order: flags and the command's own arguments. */
  rest: string[];
}

interface GlobalFlag {
  takesValue: boolean;
}

function globalFlags(): Map<string, GlobalFlag> {
  const flags = new Map<string, GlobalFlag>();
  for (const [name, spec] of Object.entries(GLOBAL_OPTIONS)) {
    const entry = { takesValue: spec.type === 'string' };
    flags.set(`--${name}`, entry);
    if (spec.short !== undefined) flags.set(`-${spec.short}`, entry);
  }
  return flags;
}

function isShortWithValue(token: string, options: Readonly<Record<string, OptionSpec>>): boolean {
  // `-ojson`: a short string flag with its value attached.
  return Object.values(options).some((spec) =>
    spec.short !== undefined && spec.type === 'string' && token.startsWith(`-${spec.short}`));
}

/**
 * Finds the command words (`endpoint create`) among the arguments. Global flags may come before
 * them, and the value of one (`--token T`) must not be mistaken for a command word: that would
 * print the token in an "unknown command" message. Any other flag before the command words is
 * refused for the same reason, since its value could be anything.
 */
export function locateCommand(argv: readonly string[], commands: readonly Command[]): Located {
  const flags = globalFlags();
  const words: string[] = [];
  const rest: string[] = [];
  let command: Command | undefined;

  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    if (command !== undefined || token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      const name = token.split('=')[0] ?? token;
      const flag = flags.get(name);
      if (flag === undefined && !isShortWithValue(token, GLOBAL_OPTIONS)) {
        throw new UsageError(`unknown option ${sanitize(name)} before the command; `
          + 'command flags go after the command words');
      }
      rest.push(token);
      if (flag?.takesValue === true && !token.includes('=') && i + 1 < argv.length) {
        rest.push(argv[i + 1] ?? '');
        i += 1;
      }
      continue;
    }
    words.push(token);
    const name = words.join(' ');
    command = commands.find((c) => c.name === name);
    if (command === undefined && !commands.some((c) => c.name.startsWith(`${name} `))) {
      throw new UsageError(`unknown command "${sanitize(name)}"`);
    }
  }
  return { command, words, rest };
}
