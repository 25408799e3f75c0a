import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from '../src/registry.ts';
import { runCli } from './support/run-cli.ts';

const EXPECTED = [
  'endpoint create', 'endpoint list', 'endpoint get', 'endpoint update', 'endpoint disable',
  'endpoint enable', 'endpoint delete', 'event publish', 'event publish-batch', 'event list',
  'event get', 'event payload', 'delivery list', 'delivery get', 'delivery attempts',
  'delivery replay', 'dlq list', 'dlq replay', 'health', 'version', 'help',
];

test('the commands are exactly the documented set', () => {
  assert.deepEqual(COMMANDS.map((c) => c.name), EXPECTED);
});

test('harborctl with no arguments, help and --help print the overview listing every command',
  async () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      const result = await runCli(argv);
      assert.equal(result.code, 0, argv.join(' '));
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /^harborctl: the command-line client of the Harborhook API/);
      for (const name of EXPECTED) {
        assert.match(result.stdout, new RegExp(`^  ${name} +\\S`, 'm'), name);
      }
      assert.match(result.stdout, /Exit codes: 0 success/);
    }
  });

test('every command has help with its flags and examples, by help or by --help', async () => {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    const viaHelp = await runCli(['help', ...words]);
    const viaFlag = await runCli([...words, '--help']);
    assert.equal(viaHelp.code, 0, command.name);
    assert.equal(viaFlag.code, 0, command.name);
    assert.equal(viaFlag.stdout, viaHelp.stdout);
    assert.ok(viaHelp.stdout.startsWith(`Usage: harborctl ${command.name}`), command.name);
    assert.match(viaHelp.stdout, /\nGlobal flags:\n/);
    assert.match(viaHelp.stdout, /\nExamples:\n {2}\S/);
    assert.ok(command.examples.length > 0, command.name);
    for (const example of command.examples) {
      assert.ok(example.includes(`harborctl ${command.name}`), `${command.name}: ${example}`);
    }
    for (const [flag, spec] of Object.entries(command.options ?? {})) {
      assert.ok(spec.help.length > 0, `${command.name} --${flag}`);
      assert.ok(viaHelp.stdout.includes(`--${flag}`), `${command.name} --${flag}`);
    }
    for (const line of viaHelp.stdout.split('\n')) {
      assert.ok(line.length <= 100, `${command.name}: ${line}`);
    }
  }
});

test('help for a noun lists its commands; help works whatever the environment says',
  async () => {
    const noun = await runCli(['help', 'dlq'], { env: { HARBORHOOK_OUTPUT: 'bogus' } });
    assert.equal(noun.code, 0, noun.stderr);
    assert.match(noun.stdout, /^Usage: harborctl dlq <command> \[flags\]/);
    assert.match(noun.stdout, /^ {2}dlq list +List dead deliveries/m);
    assert.match(noun.stdout, /^ {2}dlq replay +Replay/m);
    const flag = await runCli(['delivery', '--help']);
    assert.equal(flag.code, 0);
    assert.match(flag.stdout, /^ {2}delivery attempts/m);
  });

test('help for something that does not exist is a usage error', async () => {
  const result = await runCli(['help', 'endpoint', 'frobnicate']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /no such command: "endpoint frobnicate"/);
});
