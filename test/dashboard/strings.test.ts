// The dashboard's catalogue, read as plain modules (no browser): both languages hold the same keys, none empty; every
// key the pages name exists; every word of the API a person sees has a label in both.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { stages } from '../../contracts/case';
import { sweepKinds, sweepReasons } from '../../contracts/sweeps';
import { agencies, caseEventTypes, categories, limitNames, tracks } from '../../contracts/vocabulary';

const dir = path.join(__dirname, '..', '..', 'server', 'dashboard');
type Catalogue = Record<string, Record<string, string>>;
let strings: Catalogue;

beforeAll(async () => {
  // A path, not a specifier: the browser modules are plain JavaScript outside the TypeScript project.
  ({ strings } = (await import(pathToFileURL(path.join(dir, 'strings.js')).href)) as { strings: Catalogue });
});

/**
 * Every key the markup and the modules name literally: t('key'), data-i18n="key", data-i18n-<attr>="key", and a
 * page key quoted on its own (a ternary inside t()). i18n.js only defines t().
 */
function keysInCode(): string[] {
  const keys = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => /\.(js|html)$/.test(f) && !f.startsWith('strings') && f !== 'i18n.js')) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'([^']+)'/g)) keys.add(m[1]!);
    for (const m of source.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) keys.add(m[1]!);
    for (const m of source.matchAll(/'((?:app|lang|signin|common|time|col|overview|count|filter|sweeps|case|fact|diagram|stats|nav)\.[A-Za-z]+)'/g)) keys.add(m[1]!);
  }
  return [...keys].sort();
}

describe('dashboard catalogue', () => {
  it('has Chinese first, then English, with the same keys and no empty value', () => {
    expect(Object.keys(strings)).toEqual(['zh-CN', 'en']);
    const zh = Object.keys(strings['zh-CN']!).sort();
    expect(Object.keys(strings.en!).sort()).toEqual(zh);
    expect(zh.length).toBeGreaterThan(200);
    for (const [lang, table] of Object.entries(strings)) {
      for (const [key, value] of Object.entries(table)) expect(value.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('holds every key the pages name', () => {
    const used = keysInCode();
    expect(used.length).toBeGreaterThan(80);
    expect(used.filter((k) => !(k in strings['zh-CN']!))).toEqual([]);
  });

  it('writes Chinese in the Chinese catalogue: every value holds a Han character, or is only data or symbols', () => {
    const han = /\p{Script=Han}/u;
    const plain = Object.entries(strings['zh-CN']!).filter(([, v]) => !han.test(v) && /[A-Za-z]{2,}/.test(v.replace(/\{\w+\}|caseflow/g, '')));
    expect(plain).toEqual([]);
  });

  it('labels every stage, limit, event, agency, category, track, sweep and shipped warning model in both languages', () => {
    const words: [string, readonly string[]][] = [
      ['stage', stages], ['limit', limitNames], ['event', [...caseEventTypes, 'REPORT']], ['agency', agencies],
      ['category', categories], ['track', tracks], ['sweepKind', sweepKinds], ['sweepReason', sweepReasons],
      ['deadline', ['pending', 'met', 'overdue', 'suspended']], ['level', ['warning', 'overdue']], ['severity', ['low', 'medium', 'high']],
      ['outcome', ['penalty', 'prosecution', 'not_filed', 'dismissed', 'mediated']],
    ];
    for (const lang of ['zh-CN', 'en']) {
      for (const [group, values] of words) {
        expect(values.filter((v) => !strings[lang]![`${group}.${v}`]), `${lang} ${group}`).toEqual([]);
      }
    }
    // The Chinese rule labels are the policy's own names for its models, so the two cannot drift apart.
    for (const model of loadPolicy().models) expect(strings['zh-CN']![`rule.${model.id}`], model.id).toBe(model.name.zh);
    const { escalation } = loadPolicy();
    const rungs = [...(escalation.chain ?? []), ...Object.values(escalation.chains ?? {}).flat(), 'handler', 'officer'];
    for (const lang of ['zh-CN', 'en']) expect(rungs.filter((r) => !strings[lang]![`target.${r}`]), lang).toEqual([]);
  });
});
