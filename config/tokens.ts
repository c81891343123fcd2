import { resolve } from 'node:path';
import { tokensFileSchema, type TokensFile } from '../contracts/tokens';
import { ConfigFileError, loadConfigFile } from './load-file';

export const DEV_TOKENS_FILE = resolve(__dirname, 'dev-tokens.json');

/** The tokens file; the shipped dev tokens stand in only outside production. */
export function loadTokens(file: string | undefined, production: boolean): TokensFile {
  if (file) return loadConfigFile(file, 'auth', tokensFileSchema);
  if (production) throw new ConfigFileError('auth file: CASEFLOW_AUTH_FILE is required when NODE_ENV=production');
  return loadConfigFile(DEV_TOKENS_FILE, 'auth', tokensFileSchema);
}
