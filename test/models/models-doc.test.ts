// The README's table of the shipped models is what a legal officer reads: each row must say what the policy
// declares (name, severity, limit, rectification, source), and every shipped model must have its row.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';

const doc = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const rows = doc
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
  .filter((cells) => cells.length === 7)
  .map(([id, zh, en, severity, limit, rectify, source]) => ({ id: id!.replace(/`/g, ''), zh, en, severity, limit, rectify, source }));

describe('the README, the table of shipped models', () => {
  const { models } = loadPolicy();

  it('has one row per shipped model, in the policy order', () => {
    expect(rows.map((r) => r.id)).toEqual(models.map((m) => m.id));
  });

  it.each(models.map((m) => [m.id, m]))('%s: the row says what the policy declares', (id, m) => {
    expect(rows.find((r) => r.id === id)).toEqual({
      id,
      zh: m.name.zh,
      en: m.name.en,
      severity: m.severity,
      limit: m.limit ?? '',
      rectify: m.rectify ?? '',
      source: m.source ?? '',
    });
  });

  it('gives fast-track-overdue the source domain.md cites for fast handling', () => {
    expect(models.find((m) => m.id === 'fast-track-overdue')?.source).toBe('公安机关办理行政案件程序规定 第40–48条');
  });
});
