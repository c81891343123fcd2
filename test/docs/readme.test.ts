import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../config/env';
import * as bounds from '../../contracts/bounds';
import { searchAttributes } from '../../contracts/names';
import { loadPolicy } from '../../config/policy';
import { warningRules } from '../../contracts/vocabulary';

const root = path.resolve(__dirname, '../..');
// The README is the newcomer's page; the reference it links lives in docs/.
const readme = [path.join(root, 'README.md'), ...readdirSync(path.join(root, 'docs')).map((f) => path.join(root, 'docs', f))]
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

// The README and docs/ are where operators learn the rules and attributes; these keep them from drifting from the code.
describe('README and docs/', () => {
  it.each(Object.entries(warningRules))('documents the warning rule %s with its severity and meaning', (id, rule) => {
    expect(readme).toContain(`| \`${id}\` | ${rule.severity} | ${rule.meaning} |`);
  });

  it.each(loadPolicy().models.map((m) => [m.id, m]))('lists the shipped model %s with its names, severity, rectification and source', (id, m) => {
    expect(readme).toContain(`| \`${id}\` | ${m.name.zh} | ${m.name.en} | ${m.severity} | ${m.limit ?? ''} | ${m.rectify ?? ''} | ${m.source ?? ''} |`);
  });

  it.each(Object.keys(envSchema.shape).filter((name) => name !== 'NODE_ENV'))('documents the setting %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it.each([...Object.keys(bounds), 'CASE_MEMO_VIEW_MAX_BYTES', 'maxReportAge'])('names the bound %s of one case', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it.each(Object.values(searchAttributes).map((k) => k.name))('names the search attribute %s', (name) => {
    expect(readme).toContain(name);
  });
});
