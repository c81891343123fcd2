import { policySchema, type Policy } from '../../contracts/policy';

/** Second-long limits, so real escalations happen on the real dev server within a test. */
export function secondsPolicy(): Policy {
  const ordinary = { register: 'PT3S', notify: 'PT30S', file: 'PT30S', review: 'PT30S', handle: 'PT30S', declineNotice: 'PT30S', transfer: 'PT30S' };
  return policySchema.parse({
    timezone: 'Asia/Shanghai',
    escalation: { warnAt: [0.5], repeatOverdueEvery: 'PT2S', chain: ['station-leader', 'legal-officer', 'bureau-supervision'] },
    limits: { criminal: { ordinary }, administrative: { ordinary } },
  });
}
