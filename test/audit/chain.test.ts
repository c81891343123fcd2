// The hash chain alone (pure): each way a record can be tampered with breaks the chain where it is read.
import { describe, expect, it } from 'vitest';
import { chained, firstBreak } from '../../audit/chain';
import type { AuditEntry, AuditRecord } from '../../contracts/audit';

const entry = (i: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 11, 2, 8, 0, i)).toISOString(), actor: `officer-${i}`, via: null, role: 'case-system', ip: '10.0.0.1',
  method: 'POST', path: `/cases/C-${i}/events`, caseId: `C-${i}`, station: 'S01', action: 'REGISTER', outcome: 'accepted', status: 200,
});

function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 1; i <= n; i++) records.push(chained(entry(i), i, records.at(-1)?.hash ?? '0'.repeat(64)));
  return records;
}

describe('audit hash chain', () => {
  it('holds for records as written', () => {
    expect(firstBreak(chain(6), null)).toBeNull();
  });

  // The first record that does not follow from the one read before it: the edited one, or the one after a
  // re-hashed edit, a removal or a swap.
  it.each<[string, (r: AuditRecord[]) => AuditRecord[], number]>([
    ['a field of record 3 edited', (r) => r.map((x) => (x.seq === 3 ? { ...x, status: 409 } : x)), 3],
    ['record 3 edited and its hash recomputed', (r) => r.map((x) => (x.seq === 3 ? chained({ ...entry(3), actor: 'someone-else' }, 3, x.prevHash) : x)), 4],
    ['record 3 removed', (r) => r.filter((x) => x.seq !== 3), 4],
    ['records 3 and 4 swapped', (r) => [r[0]!, r[1]!, r[3]!, r[2]!, r[4]!, r[5]!], 4],
  ])('breaks with %s, at seq %i', (_what, tamper, at) => {
    expect(firstBreak(tamper(chain(6)), null)).toBe(at);
  });
});
