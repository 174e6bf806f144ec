// paintutils (rom/apis/paintutils.lua) and cc.image.nft on both VMs: images parsed from text, and pixels, lines,
// boxes and images drawn on the current terminal, asserted through the terminal's rows and background colours.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-libs-harness.js';

describe.each(VM_NAMES)('paintutils on %s', (vm) => {
  it('parses images: a blit digit a colour, anything else clear', async () => {
    const { out } = await runCraftos(
      vm,
      `
      local image = paintutils.parseImage('0e \\n\\nfx1')
      print(#image, #image[1], #image[2], #image[3])
      print(image[1][1], image[1][2], image[1][3], image[3][1], image[3][2], image[3][3])
      print(paintutils.loadImage('/nothing.nfp'))
      local f = fs.open('/pic.nfp', 'w'); f.write('b b\\n 4'); f.close()
      local loaded = paintutils.loadImage('/pic.nfp')
      print(#loaded, loaded[1][1], loaded[1][2], loaded[2][2])
      print(pcall(paintutils.parseImage, 5))
      `,
    );
    expect(out).toBe(
      ['3\t3\t0\t3', '1\t16384\t0\t32768\t0\t2', 'nil', '2\t2048\t0\t16', 'false\tbad argument #1 (string expected, got number)', ''].join('\n'),
    );
  });

  it('draws pixels, lines, boxes and images as background colour', async () => {
    const { terminal } = await runCraftos(
      vm,
      `
      paintutils.drawPixel(1, 1, 16384)         -- red, e
      paintutils.drawLine(3, 1, 7, 1, 2048)     -- blue, b
      paintutils.drawLine(1, 3, 4, 6, 32)       -- a diagonal, lime, 5
      paintutils.drawLine(9, 6, 9, 3)           -- upwards, in the current background (lime)
      paintutils.drawBox(11, 2, 15, 5, 16)      -- yellow, 4
      paintutils.drawFilledBox(20, 5, 17, 2, 1) -- corners in any order, white, 0
      paintutils.drawImage(paintutils.parseImage('e e\\n b'), 22, 2)
      `,
    );
    const bg = terminal.bg.slice(0, 6).map((row) => row.slice(0, 25));
    expect(bg).toEqual([
      'efbbbbbffffffffffffffffff',
      'ffffffffff44444f0000fefef',
      '5fffffff5f4fff4f0000ffbff',
      'f5ffffff5f4fff4f0000fffff',
      'ff5fffff5f44444f0000fffff',
      'fff5ffff5ffffffffffffffff',
    ]);
    expect(terminal.text[0].slice(0, 8)).toBe('        ');
  });
});

describe.each(VM_NAMES)('cc.image.nft on %s', (vm) => {
  it('parses colour codes into blit lines, loads files and draws on a terminal', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `
      local nft = require('cc.image.nft')
      local image = nft.parse('\\30bHi\\31e!\\n\\30fok')
      print(#image)
      for _, line in ipairs(image) do print(line.text, line.foreground, line.background) end
      nft.draw(image, 2, 3)
      local f = fs.open('/pic.nft', 'w'); f.write('\\31' .. '4ab'); f.close()
      local other = window.create(term.current(), 40, 1, 5, 2)
      nft.draw(nft.load('/pic.nft'), 1, 2, other)
      print(other.getLine(2))
      print(nft.load('/missing.nft'))
      print(pcall(nft.parse, nil))
      `,
    );
    expect(out).toBe(
      [
        '2',
        'Hi!\t00e\tbbb',
        'ok\tee\tff',
        'ab   \t44000\tfffff',
        'nil\t/missing.nft: No such file',
        'false\tbad argument #1 (string expected, got nil)',
        '',
      ].join('\n'),
    );
    expect(terminal.text[2].slice(0, 5)).toBe(' Hi! ');
    expect(terminal.fg[2].slice(1, 4)).toBe('00e');
    expect(terminal.bg[3].slice(1, 3)).toBe('ff');
    expect(terminal.fg[3].slice(1, 3)).toBe('ee');
  });
});
