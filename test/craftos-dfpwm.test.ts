// cc.audio.dfpwm on both VMs, bit for bit against an independent TypeScript DFPWM1a (the public-domain reference
// algorithm: charge predictor of adaptive strength; anti-jerk and low-pass filter on decoding): a known vector,
// streaming in chunks, and the round trip following the signal.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-libs-harness.js';

/** The shared predictor: returns the new charge and the one before. */
function predictor() {
  let charge = 0;
  let strength = 0;
  let lastBit = false;
  return (bit: boolean): [number, number] => {
    const target = bit ? 127 : -128;
    let next = charge + ((strength * (target - charge) + 512) >> 10);
    if (next === charge && next !== target) next += bit ? 1 : -1;
    const aim = bit === lastBit ? 1023 : 0;
    if (strength !== aim) strength += bit === lastBit ? 1 : -1;
    if (strength < 8) strength = 8;
    const before = charge;
    charge = next;
    lastBit = bit;
    return [next, before];
  };
}

function encode(samples: number[]): number[] {
  const predict = predictor();
  let charge = 0;
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += 8) {
    let byte = 0;
    for (let j = 0; j < 8; j++) {
      const level = samples[i + j] ?? 0;
      const bit = level > charge || (level === charge && level === 127);
      if (bit) byte |= 1 << j;
      [charge] = predict(bit);
    }
    out.push(byte);
  }
  return out;
}

function decode(bytes: number[]): number[] {
  const predict = predictor();
  let lastBit = false;
  let filtered = 0;
  const out: number[] = [];
  for (const byte of bytes) {
    for (let j = 0; j < 8; j++) {
      const bit = ((byte >> j) & 1) === 1;
      const [charge, before] = predict(bit);
      const level = bit === lastBit ? charge : (charge + before + 1) >> 1;
      filtered += (140 * (level - filtered) + 0x80) >> 8;
      lastBit = bit;
      out.push(filtered);
    }
  }
  return out;
}

/** A test signal: two sines, -128..127. */
const SIGNAL = Array.from({ length: 800 }, (_, i) => Math.round(90 * Math.sin(i / 9) + 30 * Math.sin(i / 2.3)));

describe.each(VM_NAMES)('cc.audio.dfpwm on %s', (vm) => {
  it('encodes and decodes bit for bit as DFPWM1a, in one call or in chunks', async () => {
    const bytes = encode(SIGNAL);
    const decoded = decode(bytes);
    const { out } = await runCraftos(
      vm,
      `
      local dfpwm = require('cc.audio.dfpwm')
      local signal = { ${SIGNAL.join(',')} }
      local encoded = dfpwm.encode(signal)
      print((encoded:gsub('.', function(c) return ('%02x'):format(c:byte()) end)))
      local encoder, first, second = dfpwm.make_encoder(), {}, {}
      for i = 1, #signal do
        if i <= 400 then first[i] = signal[i] else second[i - 400] = signal[i] end
      end
      print(encoder(first) .. encoder(second) == encoded)
      local decoded = dfpwm.decode(encoded)
      print(#decoded, table.concat(decoded, ','))
      local decoder = dfpwm.make_decoder()
      local a, b = decoder(encoded:sub(1, 50)), decoder(encoded:sub(51))
      print(#a + #b == #decoded, a[400] == decoded[400], b[1] == decoded[401], b[#b] == decoded[#decoded])
      print(#dfpwm.encode({ 127, 127, 127, 127, 127, 127, 127, 127 }), dfpwm.encode({ 127, 127, 127, 127, 127, 127, 127, 127 }):byte())
      print(pcall(dfpwm.decode, {}))
      `,
    );
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(out).toBe(
      [
        hex,
        'true',
        `${decoded.length}\t${decoded.join(',')}`,
        'true\ttrue\ttrue\ttrue',
        '1\t255',
        'false\tbad argument #1 (string expected, got table)',
        '',
      ].join('\n'),
    );
    // the round trip follows the signal (a 1-bit codec: close, not equal)
    const error = decoded.reduce((sum, v, i) => sum + Math.abs(v - SIGNAL[i]), 0) / decoded.length;
    expect(error).toBeLessThan(25);
    expect(bytes.length).toBe(100);
  });
});
