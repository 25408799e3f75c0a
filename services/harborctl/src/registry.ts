import type { Command } from './command.ts';
import { DELIVERY_COMMANDS } from './commands/delivery.ts';
import { DLQ_COMMANDS } from './commands/dlq.ts';
import { ENDPOINT_COMMANDS } from './commands/endpoint.ts';
import { EVENT_COMMANDS } from './commands/event.ts';
import { HEALTH_COMMANDS } from './commands/health.ts';
import { HELP_COMMANDS } from './commands/help.ts';
import { VERSION_COMMANDS } from './commands/version.ts';

/** Every command, in the order the general help lists them. */
export const COMMANDS: readonly Command[] = [
  ...ENDPOINT_COMMANDS,
  ...EVENT_COMMANDS,
  ...DELIVERY_COMMANDS,
  ...DLQ_COMMANDS,
  ...HEALTH_COMMANDS,
  ...VERSION_COMMANDS,
  ...HELP_COMMANDS,
];
