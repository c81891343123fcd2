import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

const explanation = { kind: 'explanation', title: 'why', sha256: 'ab'.repeat(32) };

describe('case workflow: filing supervision (time-skipping server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('filing-supervision');
  });
  afterAll(() => h?.shutdown());

  it('keeps a closed case\'s run on while the police owe an explanation, escalates it, and ends once all is answered', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal', offense: 'fraud' });
      await h.send(handle, { type: 'REGISTER' });
      await h.send(handle, { type: 'NOTIFY' });
      await h.send(handle, { type: 'FILE', decision: 'decline', reason: 'a civil debt' });
      await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await h.send(handle, { type: 'NOTIFY' });
      const asked = await h.send(handle, { type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says it was fraud', procuratorate: 'P01', by: 'prosecutor-1' });
      expect(asked).toMatchObject({ stage: 'closed', orgs: ['P01'] });

      await h.env.sleep('9 days');
      const late = await h.viewWhen(handle, (v) => v.escalations.some((e) => e.limit === 'filingExplanation' && e.level === 'overdue'), 'the overdue explanation');
      expect(late.deadlines.find((d) => d.limit === 'filingExplanation')?.status).toBe('overdue');
      expect((await handle.describe()).status.name).toBe('RUNNING');

      const explained = await h.send(handle, { type: 'EXPLAIN_NOT_FILING', reason: 'a civil debt', documents: [explanation] });
      expect(explained.deadlines.find((d) => d.limit === 'filingExplanation')?.status).toBe('met');
      const final = await handle.result();
      expect(final).toMatchObject({ stage: 'closed', outcome: 'not_filed' });
      expect(final.history.map((e) => e.type).slice(-2)).toEqual(['REQUEST_FILING_EXPLANATION', 'EXPLAIN_NOT_FILING']);
    });
  });
});
