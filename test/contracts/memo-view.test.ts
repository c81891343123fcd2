import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../contracts/messages';

describe('the memo view size', () => {
  it.each(['', 'theft', '自行车被盗', 'café', '🚲 stolen', '报案人：张三 ☎ 138'])('counts UTF-8 bytes as Node does for %j', (text) => {
    expect(utf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});
