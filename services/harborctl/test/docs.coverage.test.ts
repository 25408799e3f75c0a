import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { GLOBAL_OPTIONS } from '../src/config.ts';
import { COMMANDS } from '../src/registry.ts';

const DOC = new URL('../../../docs/harborctl.md', import.meta.url);

test('docs/harborctl.md has a section with an example for every command', async () => {
  const text = await readFile(DOC, 'utf8');
  for (const command of COMMANDS) {
    const heading = `\n### harborctl ${command.name}\n`;
    const start = text.indexOf(heading);
    assert.ok(start >= 0, `no section for ${command.name}`);
    const next = text.indexOf('\n#', start + heading.length);
    const section = text.slice(start, next < 0 ? undefined : next);
    assert.match(section, new RegExp(`\`\`\`sh\\nharborctl ${command.name}`), command.name);
  }
});

test('docs/harborctl.md documents every global flag and the default API URL', async () => {
  const text = await readFile(DOC, 'utf8');
  for (const name of Object.keys(GLOBAL_OPTIONS)) assert.ok(text.includes(`--${name}`), name);
  assert.ok(text.includes('`http://127.0.0.1:8080`'));
});
