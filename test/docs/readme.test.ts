import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../config/env';
import { searchAttributes } from '../../contracts/names';
import { warningRules } from '../../contracts/warnings';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

// The README is where operators learn the rules and attributes; these keep it from drifting from the code.
describe('README', () => {
  it.each(Object.entries(warningRules))('documents the warning rule %s with its severity and meaning', (id, rule) => {
    expect(readme).toContain(`| \`${id}\` | ${rule.severity} | ${rule.meaning} |`);
  });

  it.each(Object.keys(envSchema.shape).filter((name) => name !== 'NODE_ENV'))('documents the setting %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it.each(Object.values(searchAttributes).map((k) => k.name))('names the search attribute %s', (name) => {
    expect(readme).toContain(name);
  });
});
