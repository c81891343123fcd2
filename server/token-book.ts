import { tokenHash, type Principal, type TokensFile } from '../contracts/tokens';

type Held = { principal: Principal; expiresAt: number };

/**
 * The static tokens, held by hash so a file of hashes and a file of plain tokens answer alike. `replace` swaps the
 * whole table in one assignment: a request in flight finishes with the table it started with, none is dropped.
 */
export class TokenBook {
  private byHash = new Map<string, Held>();

  constructor(tokens: TokensFile) {
    this.replace(tokens);
  }

  replace(tokens: TokensFile): void {
    this.byHash = new Map(
      tokens.tokens.map(({ token, sha256, expires, ...principal }) => [
        sha256?.toLowerCase() ?? tokenHash(token!),
        { principal, expiresAt: expires ? Date.parse(expires) : Number.POSITIVE_INFINITY },
      ]),
    );
  }

  /** The principal of a bearer token, or undefined for an unknown or expired one. */
  find(token: string, now = Date.now()): Principal | undefined {
    const held = this.byHash.get(tokenHash(token));
    return held && now < held.expiresAt ? held.principal : undefined;
  }
}
