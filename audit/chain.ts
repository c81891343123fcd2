import { createHash } from 'node:crypto';
import type { AuditEntry, AuditRecord } from '../contracts/audit';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of a record: SHA-256 over its fields in a fixed order, the previous record's hash included. */
export function recordHash(r: Omit<AuditRecord, 'hash'>): string {
  const fields = [r.seq, r.at, r.actor, r.via, r.role, r.ip, r.method, r.path, r.caseId, r.station, r.action, r.outcome, r.status, r.prevHash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export function chained(entry: AuditEntry, seq: number, prevHash: string): AuditRecord {
  const unhashed = { seq, ...entry, prevHash };
  return { ...unhashed, hash: recordHash(unhashed) };
}

/** The first record that does not follow from the one before (edited, removed, reordered), or null. */
export function firstBreak(records: Iterable<AuditRecord>, previous: { seq: number; hash: string } | null): number | null {
  let prev = previous ?? { seq: 0, hash: GENESIS_HASH };
  for (const r of records) {
    if (r.seq !== prev.seq + 1 || r.prevHash !== prev.hash || recordHash(r) !== r.hash) return r.seq;
    prev = r;
  }
  return null;
}
