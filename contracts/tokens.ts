import { createHash } from 'node:crypto';
import { z } from 'zod';

export const roles = ['case-system', 'supervisor', 'admin', 'prosecutor', 'court'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** Roles of the other agencies (contract section 9): scoped by the orgs (procuratorates, courts) they act for. */
export const agencyRoles: ReadonlySet<Role> = new Set(['prosecutor', 'court']);

/** Lower-case hex SHA-256 of a bearer token, as the tokens file's `sha256` holds it. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const codes = z.array(z.string().min(1)).min(1);

type Entry = { name: string; token?: string; sha256?: string; expires?: string; role: Role; stations: string[]; orgs?: string[] };

const tokenEntry = z
  .strictObject({
    token: z.string().min(16, 'a token of at least 16 characters').optional(),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the hex SHA-256 of the token: 64 hex digits').optional(),
    /** After this instant the token is refused (401). */
    expires: z.iso.datetime({ offset: true, message: 'an ISO 8601 instant with an offset, e.g. 2027-01-01T00:00:00Z' }).optional(),
    name: z.string().min(1),
    role,
    stations: codes.optional(),
    orgs: codes.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.token === undefined) === (t.sha256 === undefined)) ctx.addIssue({ code: 'custom', message: 'either `token` or `sha256`, not both and not neither' });
    const agency = agencyRoles.has(t.role);
    const [needed, foreign] = agency ? (['orgs', 'stations'] as const) : (['stations', 'orgs'] as const);
    if (!t[needed]) ctx.addIssue({ code: 'custom', path: [needed], message: `role ${t.role} is scoped by ${needed}` });
    if (t[foreign]) ctx.addIssue({ code: 'custom', path: [foreign], message: `role ${t.role} carries ${needed}, not ${foreign}` });
  })
  // Every principal has stations (none for an agency), so station checks never ask which kind it is.
  .transform(({ stations, orgs, ...rest }): Entry => (orgs ? { ...rest, stations: [], orgs } : { ...rest, stations: stations! }));

export const tokensFileSchema = z.strictObject({
  tokens: z
    .array(tokenEntry)
    .min(1)
    .superRefine((entries, ctx) => {
      // Compared by hash, so a plain token and another entry's hash of the same token are caught too.
      const seen = new Map<string, number>();
      entries.forEach((t, i) => {
        const hash = t.sha256?.toLowerCase() ?? (t.token === undefined ? undefined : tokenHash(t.token));
        if (hash === undefined) return;
        const first = seen.get(hash);
        if (first === undefined) seen.set(hash, i);
        else ctx.addIssue({ code: 'custom', path: [i], message: `the same token as tokens[${first}] ("${entries[first]!.name}"): every token must be unique` });
      });
    }),
});
export type TokensFile = z.infer<typeof tokensFileSchema>;
export type TokenEntry = TokensFile['tokens'][number];
/** Who a request acts as: a tokens-file entry, or a person signed in by OIDC, whose `sub` is the officer. */
export type Principal = Omit<TokenEntry, 'token' | 'sha256' | 'expires'> & { sub?: string };
