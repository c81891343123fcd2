import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8 } from 'jose';
import { ConfigFileError } from './load-file';

/** A deployment key: the private key signs, the public JWK (with its thumbprint as `kid`) verifies. */
export type PublicJwk = { kty: string; crv: string; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
export type SigningKey = { kid: string; privateKey: Awaited<ReturnType<typeof importPKCS8>>; publicJwk: PublicJwk };

const PEM_BLOCK = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/g;
export const GENERATED_KEY_FILE = 'signing-key.pem';

async function readKey(pem: string): Promise<SigningKey> {
  return keyOf(await importPKCS8(pem, 'EdDSA', { extractable: true }));
}

async function keyOf(privateKey: SigningKey['privateKey']): Promise<SigningKey> {
  const { kty, crv, x } = await exportJWK(privateKey);
  if (kty !== 'OKP' || crv !== 'Ed25519' || !x) throw new Error(`an Ed25519 key, not ${kty} ${crv ?? ''}`);
  const kid = await calculateJwkThumbprint({ kty, crv, x });
  return { kid, privateKey, publicJwk: { kty, crv, x, kid, alg: 'EdDSA', use: 'sig' } };
}

/** A key that lives as long as the process: for an API built without a key file (tests, the benchmark). */
export async function ephemeralSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  return keyOf(privateKey);
}

/**
 * The hand-off signing keys (contract section 9), newest first: the first signs, every one verifies, so a rotated-out
 * key keeps old hand-offs verifiable. `file` holds one or more PKCS#8 PEM Ed25519 keys; outside production, without
 * one, a key is generated into the data folder once and kept there.
 */
export async function loadSigningKeys(file: string | undefined, production: boolean, dataDir: string): Promise<SigningKey[]> {
  if (!file && production) throw new ConfigFileError('signing key: CASEFLOW_SIGNING_KEY is required when NODE_ENV=production');
  const path = file ?? join(dataDir, GENERATED_KEY_FILE);
  if (!file && !existsSync(path)) {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await exportPKCS8(privateKey), { mode: 0o600 });
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigFileError(`signing key file ${path}: ${(err as Error).message}`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (!blocks.length) throw new ConfigFileError(`signing key file ${path}: no PKCS#8 PEM private key (BEGIN PRIVATE KEY)`);
  try {
    return await Promise.all(blocks.map(readKey));
  } catch (err) {
    throw new ConfigFileError(`signing key file ${path}: not an Ed25519 PKCS#8 key: ${(err as Error).message}`);
  }
}
