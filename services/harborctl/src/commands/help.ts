import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { commandHelp, generalHelp, nounHelp } from '../help.ts';

const help: Command = {
  name: 'help',
  summary: 'Show help for harborctl or for one command',
  usage: '[COMMAND...]',
  args: ['[COMMAND...]'],
  usesConfig: false,
  examples: ['harborctl help', 'harborctl help endpoint', 'harborctl help event publish'],
  async run(ctx) {
    const name = ctx.args.join(' ');
    if (name === '') {
      ctx.io.stdout.write(generalHelp(ctx.commands));
      return;
    }
    const command = ctx.commands.find((c) => c.name === name);
    if (command !== undefined) {
      ctx.io.stdout.write(commandHelp(command));
      return;
    }
    if (ctx.commands.some((c) => c.name.startsWith(`${name} `))) {
      ctx.io.stdout.write(nounHelp(name, ctx.commands));
      return;
    }
    throw new UsageError(`no such command: "${name}"`);
  },
};

export const HELP_COMMANDS: readonly Command[] = [help];
