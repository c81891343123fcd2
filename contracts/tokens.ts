import { z } from 'zod';

export const roles = ['case-system', 'supervisor', 'admin', 'prosecutor', 'court'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** Roles of the other agencies (contract section 9): scoped by the orgs (procuratorates, courts) they act for. */
export const agencyRoles: ReadonlySet<Role> = new Set(['prosecutor', 'court']);

const codes = z.array(z.string().min(1)).min(1);

const tokenEntry = z
  .strictObject({
    token: z.string().min(16, 'a token of at least 16 characters'),
    name: z.string().min(1),
    role,
    stations: codes.optional(),
    orgs: codes.optional(),
  })
  .superRefine((t, ctx) => {
    const agency = agencyRoles.has(t.role);
    const [needed, foreign] = agency ? (['orgs', 'stations'] as const) : (['stations', 'orgs'] as const);
    if (!t[needed]) ctx.addIssue({ code: 'custom', path: [needed], message: `role ${t.role} is scoped by ${needed}` });
    if (t[foreign]) ctx.addIssue({ code: 'custom', path: [foreign], message: `role ${t.role} carries ${needed}, not ${foreign}` });
  })
  // Every principal has stations (none for an agency), so station checks never ask which kind it is.
  .transform(({ stations, orgs, ...rest }): { name: string; token: string; role: Role; stations: string[]; orgs?: string[] } =>
    orgs ? { ...rest, stations: [], orgs } : { ...rest, stations: stations! });

export const tokensFileSchema = z.strictObject({
  tokens: z
    .array(tokenEntry)
    .min(1)
    .refine((ts) => new Set(ts.map((t) => t.token)).size === ts.length, 'every token must be unique'),
});
export type TokensFile = z.infer<typeof tokensFileSchema>;
export type Principal = Omit<TokensFile['tokens'][number], 'token'>;
