import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { tokenHash } from '../../contracts/tokens';
import { TokenBook } from '../../server/token-book';

const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-tokens-'));
let n = 0;
function tokensFile(tokens: unknown[]): string {
  const file = path.join(dir, `tokens-${++n}.json`);
  writeFileSync(file, JSON.stringify({ tokens }));
  return file;
}

const ops = { name: 'ops', role: 'admin', stations: ['*'] };
const city = { name: 'city-case-system', role: 'case-system', stations: ['S01'] };
const secret = 'a-machine-token-of-some-length';

describe('tokens file (contract section 10)', () => {
  it('takes the hex SHA-256 of a token in place of the token, and the token itself opens it', () => {
    const book = new TokenBook(loadTokens(tokensFile([{ ...ops, sha256: tokenHash(secret).toUpperCase() }, { ...city, token: 'plain-token-0123456789' }]), true));
    expect(book.find(secret)).toEqual(ops);
    expect(book.find('plain-token-0123456789')).toEqual(city);
    expect(book.find(tokenHash(secret)), 'the hash is not itself a token').toBeUndefined();
  });

  it('refuses a token once `expires` has passed', () => {
    const expires = '2026-06-01T00:00:00Z';
    const book = new TokenBook(loadTokens(tokensFile([{ ...ops, token: secret, expires }]), true));
    expect(book.find(secret, Date.parse(expires) - 1)).toEqual(ops);
    expect(book.find(secret, Date.parse(expires))).toBeUndefined();
  });

  it.each([
    ['a hash that is not 64 hex digits', [{ ...city, token: secret }, { ...ops, sha256: 'abc123' }], /tokens\[1\] \("ops"\)\.sha256: the hex SHA-256/],
    ['a hash of the wrong length', [{ ...ops, sha256: `${tokenHash(secret)}0` }], /tokens\[0\] \("ops"\)\.sha256/],
    ['an unknown role', [{ ...ops, token: secret, role: 'root' }], /tokens\[0\] \("ops"\)\.role/],
    ['the same token twice', [{ ...city, token: secret }, { ...ops, token: secret }], /tokens\[1\] \("ops"\): the same token as tokens\[0\] \("city-case-system"\)/],
    ['a token and another entry holding its hash', [{ ...city, token: secret }, { ...ops, sha256: tokenHash(secret) }], /tokens\[1\] \("ops"\): the same token as tokens\[0\]/],
    ['neither token nor hash', [ops], /tokens\[0\] \("ops"\): either `token` or `sha256`/],
    ['both token and hash', [{ ...ops, token: secret, sha256: tokenHash(secret) }], /tokens\[0\] \("ops"\): either `token` or `sha256`/],
    ['an expiry that is no instant', [{ ...ops, token: secret, expires: 'next year' }], /tokens\[0\] \("ops"\)\.expires: an ISO 8601 instant/],
  ])('refuses %s, naming the entry', (_what, tokens, message) => {
    expect(() => loadTokens(tokensFile(tokens), true)).toThrow(message);
  });
});
