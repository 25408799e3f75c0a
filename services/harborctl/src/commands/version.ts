import type { Command } from '../command.ts';
import { VERSION } from '../package-info.ts';

const version: Command = {
  name: 'version',
  summary: 'Print harborctl\'s version',
  usage: '',
  examples: ['harborctl version', 'harborctl version --output json'],
  async run(ctx) {
    if (ctx.out.format === 'json') {
      ctx.out.jsonValue({ harborctl: VERSION, node: process.version });
    } else {
      ctx.out.line(`harborctl ${VERSION} (node ${process.version})`);
    }
  },
};

export const VERSION_COMMANDS: readonly Command[] = [version];
