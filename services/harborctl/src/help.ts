import type { Command, OptionSpec } from './command.ts';
import { GLOBAL_OPTIONS } from './config.ts';

const WIDTH = 80;

const GROUPS: Readonly<Record<string, string>> = {
  endpoint: 'Endpoints',
  event: 'Events',
  delivery: 'Deliveries',
  dlq: 'Dead letters',
};

/** Wraps a paragraph to the help width, indented. */
function wrap(text: string, indent: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}`;
    return [spec.value === undefined ? flag : `${flag} ${spec.value}`, spec.help] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length));
  return entries.flatMap(([flag, help]) => {
    const [first = '', ...rest] = wrap(help, '', WIDTH - width - 4);
    const pad = ' '.repeat(width + 4);
    return [`  ${flag.padEnd(width)}  ${first}`, ...rest.map((l) => pad + l)];
  });
}

function commandList(commands: readonly Command[], all = commands): string[] {
  // Measured over `all` so that every group of the general help lines up.
  const width = Math.max(...all.map((c) => c.name.length));
  return commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
}

const EXIT_CODES = [
  'Exit codes: 0 success; 1 the API refused the request or reported a failure;',
  '2 usage error (nothing was sent); 3 the API could not be reached or timed out.',
];

export function generalHelp(commands: readonly Command[]): string {
  const lines = [
    'harborctl: the command-line client of the Harborhook API',
    '',
    'Usage:',
    '  harborctl <command> [flags]',
  ];
  const groups = new Map<string, Command[]>();
  for (const command of commands) {
    const noun = command.name.split(' ')[0] ?? '';
    const title = GROUPS[noun] ?? 'Other';
    groups.set(title, [...(groups.get(title) ?? []), command]);
  }
  for (const [title, members] of groups) {
    lines.push('', `${title}:`, ...commandList(members, commands));
  }
  lines.push('', 'Global flags (anywhere on the line):', ...optionLines(GLOBAL_OPTIONS));
  lines.push('', ...EXIT_CODES, '',
    'Run \'harborctl help <command>\' or add --help for a command\'s flags and examples.');
  return `${lines.join('\n')}\n`;
}

/** Help for a noun: its commands, e.g. for `harborctl endpoint`. */
export function nounHelp(noun: string, commands: readonly Command[]): string {
  const members = commands.filter((c) => c.name.startsWith(`${noun} `));
  const lines = [
    `Usage: harborctl ${noun} <command> [flags]`,
    '',
    'Commands:',
    ...commandList(members),
    '',
    `Run 'harborctl help ${noun} <command>' for a command's flags and examples.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `--a X (--b Y | --c Z) [--d W]` as `--a`, `X`, `(--b Y | --c Z)`, `[--d W]`. */
function usageGroups(usage: string): string[] {
  const groups: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of usage) {
    if (c === '(' || c === '[') depth += 1;
    if (c === ')' || c === ']') depth -= 1;
    if (c === ' ' && depth === 0) {
      if (current !== '') groups.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') groups.push(current);
  return groups;
}

export function commandHelp(command: Command): string {
  // A long usage line continues indented, breaking only between bracketed groups.
  const lines: string[] = [];
  let line = `Usage: harborctl ${command.name}`;
  for (const group of usageGroups(command.usage)) {
    if (line.length + 1 + group.length > WIDTH) {
      lines.push(line);
      line = `    ${group}`;
    } else {
      line = `${line} ${group}`;
    }
  }
  lines.push(line, '');
  lines.push(...wrap(command.summary, ''));
  for (const paragraph of (command.description ?? '').split('\n\n')) {
    if (paragraph.trim() !== '') lines.push('', ...wrap(paragraph, ''));
  }
  if (command.options !== undefined && Object.keys(command.options).length > 0) {
    lines.push('', 'Flags:', ...optionLines(command.options));
  }
  lines.push('', 'Global flags:', ...optionLines(GLOBAL_OPTIONS));
  lines.push('', 'Examples:');
  for (const example of command.examples) {
    lines.push(...example.split('\n').map((l) => `  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}
