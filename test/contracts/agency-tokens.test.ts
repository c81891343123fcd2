// Contract section 9: prosecutors and courts are scoped by orgs, police roles by stations; the policy names the
// other agencies and gives each its escalation chain.
import { describe, expect, it } from 'vitest';
import { maySend, ownLimitsOf } from '../../contracts/event-roles';
import { policySchema } from '../../contracts/policy';
import { tokensFileSchema } from '../../contracts/tokens';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';

const entry = (fields: Record<string, unknown>) => ({ token: 'a-token-of-sixteen-chars', name: 'x', ...fields });
const issues = (fields: Record<string, unknown>) => {
  const parsed = tokensFileSchema.safeParse({ tokens: [entry(fields)] });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('tokens file roles', () => {
  it('a prosecutor or court carries orgs, and every principal has both lists', () => {
    const file = tokensFileSchema.parse({ tokens: [entry({ role: 'prosecutor', orgs: ['P01'] })] });
    expect(file.tokens[0]).toEqual({ token: 'a-token-of-sixteen-chars', name: 'x', role: 'prosecutor', orgs: ['P01'], stations: [] });
    expect(loadTokens(undefined, false).tokens.map((t) => t.role)).toEqual(expect.arrayContaining(['prosecutor', 'court']));
  });

  it('refuses a prosecutor with stations, a court without orgs and a case system with orgs, naming the field', () => {
    expect(issues({ role: 'prosecutor', orgs: ['P01'], stations: ['S01'] })).toEqual(['tokens.0.stations: role prosecutor carries orgs, not stations']);
    expect(issues({ role: 'court' })).toEqual(['tokens.0.orgs: role court is scoped by orgs']);
    expect(issues({ role: 'case-system', stations: ['S01'], orgs: ['P01'] })).toEqual(['tokens.0.orgs: role case-system carries stations, not orgs']);
  });

  it('each role sends only its own events', () => {
    expect(maySend('prosecutor', { type: 'REGISTER' })).toBe(false);
    expect(maySend('court', { type: 'CLOSE' })).toBe(false);
    expect(maySend('case-system', { type: 'REGISTER' })).toBe(true);
    expect(maySend('supervisor', { type: 'EXTEND', limit: 'file' })).toBe(true);
    expect(maySend('case-system', { type: 'EXTEND', limit: 'file' })).toBe(false);
  });

  it('a prosecutor extends the limits the procuratorate owns, and no police or court limit', () => {
    expect(ownLimitsOf('prosecutor')).toEqual(['arrestDecision', 'prosecutionReview']);
    for (const limit of ownLimitsOf('prosecutor')) expect(maySend('prosecutor', { type: 'EXTEND', limit })).toBe(true);
    for (const limit of ['file', 'handle', 'arrestRequest', 'supplementary', 'filingExplanation', 'trial'] as const) {
      expect(maySend('prosecutor', { type: 'EXTEND', limit })).toBe(false);
    }
    expect(maySend('prosecutor', { type: 'EXTEND' })).toBe(false);
    expect(ownLimitsOf('court')).toEqual([]);
    expect(maySend('court', { type: 'EXTEND', limit: 'trial' })).toBe(false);
    // Supervisors keep every limit, the procuratorate's included.
    expect(maySend('supervisor', { type: 'EXTEND', limit: 'prosecutionReview' })).toBe(true);
  });
});

describe('policy orgs and chains', () => {
  const base = { timezone: 'Asia/Shanghai', limits: loadPolicy().limits };

  it('a v1 policy (one chain) escalates every agency along it and names no other agency', () => {
    const policy = policySchema.parse({ ...base, escalation: { repeatOverdueEvery: 'P1D', chain: ['a', 'b'] } });
    expect(policy.escalation.chains).toEqual({ police: ['a', 'b'], procuratorate: ['a', 'b'], court: ['a', 'b'] });
    expect(policy.orgs).toEqual({ procuratorates: [], courts: [] });
  });

  it('chains name each agency\'s own; chains.police may stand for chain', () => {
    const policy = policySchema.parse({
      ...base,
      escalation: { repeatOverdueEvery: 'P1D', chains: { police: ['p'], procuratorate: ['q'], court: ['c'] } },
      orgs: { procuratorates: ['P01'], courts: ['C01'] },
    });
    expect(policy.escalation.chain).toEqual(['p']);
    expect(policy.escalation.chains).toEqual({ police: ['p'], procuratorate: ['q'], court: ['c'] });
  });

  it('refuses a policy with no police chain', () => {
    const parsed = policySchema.safeParse({ ...base, escalation: { repeatOverdueEvery: 'P1D', chains: { court: ['c'] } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['escalation', 'chain'], message: 'the police escalation chain (chain, or chains.police) is required' });
  });

  it('the shipped policy names its procuratorates, courts and their chains', () => {
    const policy = loadPolicy();
    expect(policy.orgs.procuratorates).toContain('P01');
    expect(policy.orgs.courts).toContain('C01');
    expect(policy.escalation.chains.procuratorate).not.toEqual(policy.escalation.chain);
  });
});
