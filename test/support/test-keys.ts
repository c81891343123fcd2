import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AesGcmCodec, type EncryptionKey } from '../../temporal/encryption-codec';

/** The payload key of this test file: its in-process stacks use it, and so do the processes it starts. */
export const testEncryptionKeys: EncryptionKey[] = [{ id: 'test-key', key: randomBytes(32) }];

let file: string | undefined;
/** The same key as a CASEFLOW_ENCRYPTION_KEYS file, written once. */
export function testEncryptionKeysFile(): string {
  if (!file) {
    file = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-keys-')), 'encryption-keys.json');
    writeFileSync(file, JSON.stringify(Object.fromEntries(testEncryptionKeys.map((k) => [k.id, k.key.toString('base64')]))), { mode: 0o600 });
  }
  return file;
}

/** A Temporal client's data converter that reads and writes what this file's workers do. */
export const testDataConverter = { payloadCodecs: [new AesGcmCodec(testEncryptionKeys)] };
