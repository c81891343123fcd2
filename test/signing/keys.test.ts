// Hand-off signatures (contract section 9) with the real jose library and real key files: the key file holds one or
// more PKCS#8 Ed25519 keys, newest first; outside production one is generated into the data folder once; a rotated-out
// key keeps what it signed verifiable; a changed byte is not valid.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { GENERATED_KEY_FILE, loadSigningKeys } from '../../config/signing-keys';
import { createSigner, type HandoffPayload } from '../../server/signing';

const payload: HandoffPayload = {
  caseId: 'C-1', type: 'TRANSFER_FOR_PROSECUTION', from: 'S01', to: 'P01', at: '2026-03-10T01:00:00.000Z', by: 'officer-7',
  documents: [{ kind: 'indictment-opinion', title: 'opinion', sha256: 'a'.repeat(64) }],
};
const pem = async () => exportPKCS8((await generateKeyPair('EdDSA', { extractable: true })).privateKey);
const dir = () => mkdtempSync(join(tmpdir(), 'caseflow-keys-'));

/** The JWS with its payload segment replaced by `changed`, its signature kept. */
function tamper(jws: string, change: (p: HandoffPayload) => HandoffPayload): string {
  const [header, body, signature] = jws.split('.');
  const changed = change(JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as HandoffPayload);
  return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
}

describe('signing keys', () => {
  it('outside production, generates a key into the data folder once and keeps using it', async () => {
    const data = dir();
    const [first] = await loadSigningKeys(undefined, false, data);
    const written = readFileSync(join(data, GENERATED_KEY_FILE), 'utf8');
    expect(written).toContain('BEGIN PRIVATE KEY');
    const [again] = await loadSigningKeys(undefined, false, data);
    expect(again!.kid).toBe(first!.kid);
  });

  it('in production a missing key is a refusal to start, and a file without a key says so', async () => {
    await expect(loadSigningKeys(undefined, true, dir())).rejects.toThrow('CASEFLOW_SIGNING_KEY is required when NODE_ENV=production');
    const file = join(dir(), 'bad.pem');
    writeFileSync(file, 'not a key');
    await expect(loadSigningKeys(file, false, dir())).rejects.toThrow(/no PKCS#8 PEM private key/);
  });

  it('signs a compact EdDSA JWS over the hand-off that /verify reads back; a changed document hash is not valid', async () => {
    const file = join(dir(), 'keys.pem');
    writeFileSync(file, await pem());
    const signer = createSigner(await loadSigningKeys(file, true, dir()));
    const jws = await signer.sign(payload);
    expect(jws.split('.')).toHaveLength(3);
    expect(JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'EdDSA', kid: signer.jwks().keys[0]!.kid });
    expect(await signer.verify(jws)).toEqual({ valid: true, payload });

    const forged = tamper(jws, (p) => ({ ...p, documents: [{ ...(p.documents[0] as object), sha256: 'b'.repeat(64) }] }));
    expect(await signer.verify(forged)).toMatchObject({ valid: false, payload: { documents: [{ sha256: 'b'.repeat(64) }] } });
    expect(await signer.verify('not.a.jws')).toEqual({ valid: false, payload: null });
  });

  it('after a rotation the new key signs and the old key still verifies what it signed', async () => {
    const [oldPem, newPem] = [await pem(), await pem()];
    const oldFile = join(dir(), 'old.pem');
    writeFileSync(oldFile, oldPem);
    const before = createSigner(await loadSigningKeys(oldFile, true, dir()));
    const signedBefore = await before.sign(payload);

    const rotated = join(dir(), 'rotated.pem');
    writeFileSync(rotated, `${newPem}\n${oldPem}`);
    const after = createSigner(await loadSigningKeys(rotated, true, dir()));
    expect(after.jwks().keys.map((k) => k.kid)).toEqual([expect.any(String), before.jwks().keys[0]!.kid]);
    expect((await after.verify(signedBefore)).valid).toBe(true);
    const signedAfter = await after.sign(payload);
    expect(JSON.parse(Buffer.from(signedAfter.split('.')[0]!, 'base64url').toString()).kid).toBe(after.jwks().keys[0]!.kid);
    // A signature by a key the deployment never had is not valid.
    expect((await before.verify(signedAfter)).valid).toBe(false);
  });
});
