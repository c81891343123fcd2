import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EncryptionKey } from '../temporal/encryption-codec';
import { ConfigFileError, loadConfigFile } from './load-file';

const keysFile = z
  .record(
    z.string().regex(/^[\w.-]{1,64}$/, 'a key id of letters, digits, ., _ or -'),
    z.base64('the key in base64').refine((b) => Buffer.from(b, 'base64').length === 32, 'an AES-256 key: 32 bytes in base64'),
  )
  .refine((keys) => Object.keys(keys).length > 0, 'at least one key');

/**
 * The payload keys, newest first (a file of key id → base64 key; YAML/JSON keep their order). Outside production
 * without a file, one is generated into the data folder once and kept, so cases written before a restart still read.
 */
export function loadEncryptionKeys(file: string | undefined, production: boolean, dataDir: string): EncryptionKey[] {
  if (!file && production) throw new ConfigFileError('encryption keys file: CASEFLOW_ENCRYPTION_KEYS is required when NODE_ENV=production');
  const chosen = file ?? path.join(dataDir, 'encryption-keys.json');
  if (!file && !existsSync(chosen)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(chosen, JSON.stringify({ [`dev-${new Date().toISOString().slice(0, 10)}`]: randomBytes(32).toString('base64') }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // The worker and the API, started together, may both get here: the first one's key is the key.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const keys = loadConfigFile(chosen, 'encryption keys', keysFile);
  return Object.entries(keys).map(([id, key]) => ({ id, key: Buffer.from(key, 'base64') }));
}
