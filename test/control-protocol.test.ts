// The control protocol's line reader: messages cut at newlines whatever the chunks, and the 1 MiB limit
// counted in bytes of UTF-8 (a line of multi-byte characters is refused by its bytes, not its characters).
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, MessageReader } from '../src/cli/control-protocol.js';

function read(chunks: string[]): string[] {
  const got: string[] = [];
  const reader = new MessageReader(
    (m) => got.push(m),
    () => got.push('TOO LARGE'),
  );
  for (const c of chunks) reader.feed(c);
  return got;
}

describe('MessageReader', () => {
  it('cuts messages at newlines across chunks', () => {
    expect(read(['{"a"', ':1}\n{"b":2}\n\n{"c"', ':3}\n'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('counts the limit in bytes: 2-byte characters refuse a line of half as many characters', () => {
    const under = 'é'.repeat(MAX_MESSAGE_BYTES / 2);
    const over = 'é'.repeat(MAX_MESSAGE_BYTES / 2 + 1);
    expect(over.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(read([`${under}\n`])).toEqual([under]);
    expect(read([`${over}\n`, 'next\n'])).toEqual(['TOO LARGE', 'next']);
    // the same, arriving in pieces: refused while it grows, and the rest of the line skipped
    expect(read([over.slice(0, 1000), over.slice(1000), 'tail\n', 'next\n'])).toEqual(['TOO LARGE', 'next']);
  });
});
