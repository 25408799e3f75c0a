/**
 * `bin/harborhook slo <command> [options]`: each command lives in its own module under
 * commands/, loaded only when asked for, so one command's dependencies never slow another.
 */
const COMMANDS: Record<string, { module: string; summary: string }> = {
  generate: { module: './commands/generate.ts',
    summary: 'write the rule files generated from slo/definitions (--check: fail when stale)' },
  'check-static': { module: './commands/check-static.ts',
    summary: 'check every rule expression against the metrics a lab run really exposes' },
  'alerting-lab': { module: './commands/alerting-lab.ts',
    summary: 'run the lab with Prometheus and the lab-profile rules, and check the alerts' },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) =>
    `  ${name.padEnd(14)} ${summary}`);
  return ['usage: bin/harborhook slo <command> [options]', ...lines].join('\n') + '\n';
}

const [name, ...args] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (name === 'help' || name === '--help' || name === '-h') {
  process.stdout.write(usage());
  process.exit(0);
}
if (command === undefined) {
  process.stderr.write(name === undefined ? usage() : `unknown slo command: ${name}\n${usage()}`);
  process.exit(2);
}
const { main } = await import(command.module) as { main(args: string[]): Promise<number> };
process.exitCode = await main(args);
