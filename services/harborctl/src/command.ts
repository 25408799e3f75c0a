import type { ApiClient } from './client.ts';
import type { Config } from './config.ts';
import type { Io } from './io.ts';
import type { Output } from './output.ts';

/** One flag: what `node:util` parseArgs needs, plus what the help text shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The placeholder shown in help, e.g. `URL` in `--url URL`. */
  value?: string;
  help: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  /** The flags as parsed, global ones included. */
  values: OptionValues;
  /** The command's own arguments, after the command words. */
  args: string[];
  config: Config;
  io: Io;
  out: Output;
  /** The API client, created on first use so `help` and `version` never connect. */
  client(): ApiClient;
  /** Every command, for `help`. */
  commands: readonly Command[];
}

/**
 * A command is data (name, help, flags) plus `run`. The dispatcher, the help text and the docs
 * all read the same object, so they cannot drift apart.
 */
export interface Command {
  /** The command words, e.g. `endpoint create` or `health`. */
  name: string;
  summary: string;
  /** What follows `harborctl <name>` in the usage line. */
  usage: string;
  /** Longer explanation; paragraphs separated by blank lines. */
  description?: string;
  /** Names of the positional arguments, e.g. `['ID']`; `[NAME...]` is optional and repeats. */
  args?: readonly string[];
  /** False for commands that must work whatever the configuration says (`help`). */
  usesConfig?: boolean;
  options?: Readonly<Record<string, OptionSpec>>;
  examples: readonly string[];
  /** Resolves to the exit code, or nothing for success. */
  run(ctx: CommandContext): Promise<number | void>;
}
