#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { locateCommand } from './argv.ts';
import { ApiClient } from './client.ts';
import type { Command, CommandContext, OptionSpec, OptionValues } from './command.ts';
import { ENV, GLOBAL_OPTIONS, resolveConfig, type Config } from './config.ts';
import { ApiError, ConnectionError, EXIT, UsageError } from './errors.ts';
import { commandHelp, generalHelp } from './help.ts';
import { processIo, type Io } from './io.ts';
import { Output, sanitize } from './output.ts';
import { COMMANDS } from './registry.ts';

/** What `help` runs with, so a broken HARBORHOOK_* variable cannot hide the help text. */
const HELP_CONFIG: Config = {
  apiUrl: 'http://127.0.0.1:8080',
  token: undefined,
  output: 'table',
  timeoutMs: 30_000,
};

type ParseArgsOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parseArgsOptions(options: Readonly<Record<string, OptionSpec>>): ParseArgsOptions {
  // Only the keys parseArgs knows: it rejects `short: undefined`.
  return Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, {
    type: spec.type,
    ...(spec.short === undefined ? {} : { short: spec.short }),
    ...(spec.multiple === true ? { multiple: true } : {}),
  }]));
}

function parseArgsMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // parseArgs explains `--` at length; the option's name is what the user needs.
  const code = (err as { code?: unknown }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    return `unknown option ${option}`;
  }
  return message;
}

function checkArgs(command: Command, args: readonly string[]): void {
  const spec = command.args ?? [];
  const required = spec.filter((a) => !a.startsWith('[')).length;
  const variadic = spec.some((a) => a.endsWith('...]') || a.endsWith('...'));
  if (args.length < required) {
    const missing = spec.slice(args.length, required).join(' ');
    throw new UsageError(`missing ${missing}`, command.name);
  }
  if (!variadic && args.length > spec.length) {
    throw new UsageError(`unexpected argument "${sanitize(args[spec.length] ?? '')}"`,
      command.name);
  }
}

function redact(text: string, token: string | undefined): string {
  // Belt and braces: no message should contain the token, but if one ever does, hide it.
  return token !== undefined && token.length >= 8 ? text.replaceAll(token, '[token]') : text;
}

/** Prints a failure on stderr and returns its exit code. */
function report(err: unknown, io: Io, token: string | undefined): number {
  const say = (line: string): void => io.stderr.write(`${sanitize(redact(line, token))}\n`);
  if (err instanceof UsageError) {
    say(`error: ${err.message}`);
    say(`Run 'harborctl help${err.command === undefined ? '' : ` ${err.command}`}' for usage.`);
    return EXIT.usage;
  }
  if (err instanceof ApiError) {
    say(`${err.code}: ${err.message}`);
    for (const detail of err.details) say(`  - ${detail}`);
    if (err.statusCode === 401 && token === undefined) {
      say(`hint: no token was given; pass --token or set ${ENV.token}`);
    }
    return EXIT.api;
  }
  if (err instanceof ConnectionError) {
    say(`error: ${err.message}`);
    return EXIT.connection;
  }
  say(`error: ${err instanceof Error ? err.message : String(err)}`);
  return EXIT.api;
}

/** Runs one harborctl command line and resolves to its exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let client: ApiClient | undefined;
  let token = io.env[ENV.token] === '' ? undefined : io.env[ENV.token];
  try {
    const { command, words, rest } = locateCommand(argv, COMMANDS);
    const wantsHelp = rest.includes('--help') || rest.includes('-h');
    if (command === undefined) {
      if (words.length === 0) {
        io.stdout.write(generalHelp(COMMANDS));
        return EXIT.ok;
      }
      const noun = words.join(' ');
      const verbs = COMMANDS.filter((c) => c.name.startsWith(`${noun} `))
        .map((c) => c.name.slice(noun.length + 1));
      if (wantsHelp) return await main(['help', ...words], io);
      throw new UsageError(`${noun} needs a command: ${verbs.join(', ')}`, noun);
    }

    let parsed: { values: OptionValues; positionals: string[] };
    try {
      parsed = parseArgs({
        args: [...rest],
        options: parseArgsOptions({ ...GLOBAL_OPTIONS, ...command.options }),
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(parseArgsMessage(err), command.name);
    }
    if (parsed.values.help === true) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    checkArgs(command, parsed.positionals);

    const config = command.usesConfig === false
      ? HELP_CONFIG
      : resolveConfig(parsed.values, io.env);
    token = config.token ?? token;
    const ctx: CommandContext = {
      values: parsed.values,
      args: parsed.positionals,
      config,
      io,
      out: new Output(config.output, io.stdout, io.stderr),
      commands: COMMANDS,
      client: () => {
        client ??= new ApiClient(config);
        return client;
      },
    };
    return (await command.run(ctx)) ?? EXIT.ok;
  } catch (err) {
    return report(err, io, token);
  } finally {
    await client?.close();
  }
}

if (import.meta.main) {
  // `harborctl ... | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await main(process.argv.slice(2), processIo());
}
