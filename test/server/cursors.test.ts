// The sealed cursors of GET /cases (and the lists built on them), pure: found flaky in CI, where a cursor changed in
// its last character's padding bits decoded to the same bytes and was taken.
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../server/case-search';

const query = "TaskQueue = 'caseflow' AND Station = 'S01'";
/** Every one-character change of the last character, which for these lengths carries padding bits. */
const lastCharChanges = (cursor: string) =>
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].filter((c) => c !== cursor.at(-1)).map((c) => cursor.slice(0, -1) + c);

describe('a sealed cursor', () => {
  it.each([1, 2, 3, 4, 5])('of a %i-byte token decodes to it, and refuses every change of its last character', (n) => {
    const token = Uint8Array.from({ length: n }, (_, i) => 7 * i + 1);
    const cursor = encodeCursor(query, token);
    expect([...decodeCursor(query, cursor)]).toEqual([...token]);
    for (const changed of lastCharChanges(cursor)) expect(() => decodeCursor(query, changed), changed).toThrow(InvalidCursorError);
  });

  it('refuses a cursor of another search', () => {
    expect(() => decodeCursor(`${query} AND Overdue = true`, encodeCursor(query, Uint8Array.of(1, 2, 3)))).toThrow(InvalidCursorError);
  });
});
