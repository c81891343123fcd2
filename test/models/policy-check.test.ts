import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../config/policy';
import { maxWhenLength } from '../../contracts/policy';
import { runEntry } from '../support/processes';

const shippedCount = 37;

/** The shipped policy with one more model, written to a file of its own. */
function policyWith(model: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-models-')), 'policy.yaml');
  writeFileSync(file, `${readFileSync(DEFAULT_POLICY_FILE, 'utf8')}\n  - id: broken-model\n    name: { zh: 坏模型, en: broken }\n    severity: low\n${model}\n`);
  return file;
}

describe('start-up refuses a model that cannot run', () => {
  it.each([
    ['does not parse', `    when: 'case.ageDays >'`, 'at 1:14: found >'],
    ['reads a fact that does not exist', `    when: 'case.nonsense == "x"'`, 'at 1:5: field not found: nonsense'],
    ['reads no fact at all', `    when: 'caseX.stage == "x"'`, 'at 1:1: unresolved attribute'],
    ['combines facts of the wrong types', `    when: 'case.ageDays + 1 > 2'`, "found no matching overload for '_+_'"],
    ['returns no bool', `    when: 'events.FILE + 1'`, 'returns int, not bool'],
    ['reads a limit without limit: each', `    when: 'limit.fraction > 0.5'`, 'unresolved attribute'],
    ['nests exists in all', `    when: 'events.all(a, events.exists(b, events[a] > events[b]))'`, "at 1:21: a comprehension inside another's body"],
    ['nests map in map', `    when: 'size(events.map(a, events.map(b, b))) > 0'`, "at 1:26: a comprehension inside another's body"],
    ['nests a comprehension over a written list', `    when: '[1, 2].exists(x, [3].all(y, x < y))'`, "at 1:21: a comprehension inside another's body"],
  ])('one that %s, in one line naming the file, the model and the position', (_, model, problem) => {
    const file = policyWith(model);
    let message = '';
    try {
      loadPolicy(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`policy file ${file}: model broken-model: when, at 1:`);
    expect(message).toContain(problem);
    expect(message).not.toContain('\n');
  });

  it('takes a model that reads every kind of fact', () => {
    const file = policyWith(
      `    when: 'case.ageDays > 30.0 && has(limits.file) && limits.file.extensions >= 1 && events.REJECT >= 2 && !suspended.now && reporter.repeat30d > 1 && now > case.reportedAt'`,
    );
    expect(loadPolicy(file).models.map((m) => m.id)).toContain('broken-model');
  });

  it('takes comprehensions one after another, and one over what another made', () => {
    const file = policyWith(`    when: 'events.filter(t, events[t] > 0).exists(t, t == "REJECT") && limits.all(n, limits[n].extensions < 3)'`);
    expect(loadPolicy(file).models.map((m) => m.id)).toContain('broken-model');
  });

  it(`takes a when of ${maxWhenLength} characters and refuses one longer, naming the model and where it grows too long`, () => {
    const padded = (length: number) => `    when: 'case.ageDays > 30.0${' '.repeat(length - 'case.ageDays > 30.0'.length)}'`;
    expect(loadPolicy(policyWith(padded(maxWhenLength))).models.map((m) => m.id)).toContain('broken-model');
    const file = policyWith(padded(maxWhenLength + 1));
    expect(() => loadPolicy(file)).toThrow(
      `policy file ${file}: models[${shippedCount}] ("broken-model").when: at 1:${maxWhenLength + 1}: ${maxWhenLength + 1} characters, more than the ${maxWhenLength} a model may have`,
    );
  });

  it('loads the shipped policy: every model within the length and nesting bounds', () => {
    const { models } = loadPolicy();
    expect(models).toHaveLength(shippedCount);
    expect(Math.max(...models.map((m) => m.when.length))).toBeLessThan(maxWhenLength / 4);
  });

  it.each([
    ['worker/main.ts', 'caseflow worker failed to start'],
    ['server/main.ts', 'caseflow API failed to start'],
  ])('%s exits at once, saying which model and where', async (entry, prefix) => {
    const file = policyWith(`    when: 'case.stage == '`);
    const proc = runEntry(entry, { CASEFLOW_POLICY: file, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(await proc.exited).toBe(1);
    const line = proc.output().split('\n').find((l) => l.includes('broken-model'));
    expect(line).toMatch(new RegExp(`^${prefix}: policy file ${file.replace(/[.]/g, '\\.')}: model broken-model: when, at 1:\\d+: `));
  });
});
