import { z } from 'zod';

export const roles = ['case-system', 'supervisor', 'admin'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const tokensFileSchema = z.strictObject({
  tokens: z
    .array(
      z.strictObject({
        token: z.string().min(16, 'a token of at least 16 characters'),
        name: z.string().min(1),
        role,
        stations: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1)
    .refine((ts) => new Set(ts.map((t) => t.token)).size === ts.length, 'every token must be unique'),
});
export type TokensFile = z.infer<typeof tokensFileSchema>;
export type Principal = Omit<TokensFile['tokens'][number], 'token'>;
