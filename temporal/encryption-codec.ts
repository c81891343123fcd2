import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export type EncryptionKey = { id: string; key: Buffer };

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const text = (s: string) => new TextEncoder().encode(s);

export class UnknownEncryptionKeyError extends Error {
  override name = 'UnknownEncryptionKeyError';
}

/**
 * AES-256-GCM over whole payloads (contract section 10): the newest key encrypts, every listed key decrypts, so a
 * rotated-out key stays listed until no open case holds payloads written under it. A payload that is not encrypted
 * (histories recorded before the codec, the test fixtures) passes through as it is.
 */
export class AesGcmCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly EncryptionKey[]) {
    if (!keys.length) throw new Error('the payload codec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(temporal.api.common.v1.Payload.encode(payload).finish()), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: text(ENCRYPTED_ENCODING), [KEY_ID]: text(id) }, data: Buffer.concat([iv, sealed]) };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => openPayload(this.byId, payload));
  }
}

/** One payload in clear: decrypted with the key its metadata names, or as it is when it was never encrypted. */
export function openPayload(keys: ReadonlyMap<string, Buffer>, payload: Payload): Payload {
  if (new TextDecoder().decode(payload.metadata?.encoding ?? new Uint8Array()) !== ENCRYPTED_ENCODING) return payload;
  const id = new TextDecoder().decode(payload.metadata?.[KEY_ID] ?? new Uint8Array());
  const key = keys.get(id);
  if (!key) throw new UnknownEncryptionKeyError(`payload encrypted under key ${JSON.stringify(id)}, which CASEFLOW_ENCRYPTION_KEYS does not list`);
  const data = Buffer.from(payload.data ?? new Uint8Array());
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  return temporal.api.common.v1.Payload.decode(plain) as Payload;
}
