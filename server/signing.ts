import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { PublicJwk, SigningKey } from '../config/signing-keys';

/** What a hand-off's JWS signs (contract section 9). */
export type HandoffPayload = {
  caseId: string;
  type: string;
  from: string;
  to: string;
  at: string;
  by: string;
  documents: unknown[];
};

export type Verification = { valid: boolean; payload: unknown };

function decodedPayload(jws: string): unknown {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Signs hand-offs with the newest key and verifies them against every key of the deployment. */
export function createSigner(keys: readonly SigningKey[]) {
  const [newest] = keys;
  if (!newest) throw new Error('no signing key');
  const byKid = new Map(keys.map((k) => [k.kid, k]));
  return {
    async sign(payload: HandoffPayload): Promise<string> {
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid: newest.kid })
        .sign(newest.privateKey);
    },

    jwks(): { keys: PublicJwk[] } {
      return { keys: keys.map((k) => k.publicJwk) };
    },

    /** A JWS this deployment signed and nobody changed since: valid, with its payload; anything else is not. */
    async verify(jws: string): Promise<Verification> {
      try {
        const { kid } = decodeProtectedHeader(jws);
        const key = kid ? byKid.get(kid) : undefined;
        if (!key) return { valid: false, payload: decodedPayload(jws) };
        const { payload } = await compactVerify(jws, key.publicJwk, { algorithms: ['EdDSA'] });
        return { valid: true, payload: JSON.parse(new TextDecoder().decode(payload)) };
      } catch {
        return { valid: false, payload: decodedPayload(jws) };
      }
    },
  };
}
export type Signer = ReturnType<typeof createSigner>;
