// The craftos io library (rom/apis/io.lua) on both VMs: counts and other read formats through lines, read(0) at and
// before the end, an iterator used after its end, and CC's words for unwritable handles and unknown modes.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos io (%s)', (vm) => {
  it('reads by counts and formats, and tells the end with read(0)', async () => {
    const run = await runCraftos(
      `local h = fs.open('f', 'wb') h.write('0123\\n10\\n20\\n') h.close()
       for a, b, c in io.lines('f', 1, 2, 'l') do print(a, b, c) break end
       local f = io.open('f')
       print(f:read(0) == '', #f:read('a'), f:read(0), f:read('a') == '')
       f:close()
       for a, b in io.lines('f', 'l', 'n') do print(a, b) end
       local each = io.lines('f')
       while each() do end
       print(pcall(each))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 5)).toEqual(['0 12 3', 'true 11 nil true', '0123 10', '20 nil', 'false file is already closed']);
  });

  it("refuses writing to a read handle and modes fs does not know, in CC's words", async () => {
    const run = await runCraftos(
      `io.open('f', 'w'):close()
       local f = io.open('f', 'r')
       print(f:write('x'))
       print(select(2, pcall(io.open, 'f', 'rw')):match('Unsupported mode') ~= nil, io.open('f', 'r+b') ~= nil)`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 2)).toEqual(['nil file is not writable', 'true true']);
  });
});
