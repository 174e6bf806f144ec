// The kitty keyboard protocol in the key decoder (src/devices/kitty-keys.ts, input.ts): once the terminal answers
// the query, presses, repeats and releases are reported as they happen; without it, today's press-and-release.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type InputEvent, KeyDecoder } from '../src/devices/input.js';
import { KEYS } from '../src/devices/keys.js';
import { KITTY_POP, KITTY_PUSH, KITTY_QUERY } from '../src/devices/kitty-keys.js';
import { TtyInput } from '../src/host/input-feed.js';
import { simulate } from '../src/testing.js';

const CSI = '\x1b[';

/** A decoder that has seen the terminal's answer to the kitty query (flags pushed). */
function kittyDecoder(interrupt?: () => void): KeyDecoder {
  const d = new KeyDecoder({ interrupt });
  expect(d.feed(`${CSI}?0u`)).toEqual([]);
  expect(d.kitty).toBe(true);
  return d;
}

const key = (name: string, held = false): InputEvent => ({ type: 'key', key: KEYS[name], held });
const up = (name: string): InputEvent => ({ type: 'key_up', key: KEYS[name] });

describe('the kitty keyboard protocol', () => {
  it('reports a text key pressed, held (repeats) and released, with its associated text', () => {
    const d = kittyDecoder();
    expect(d.feed(`${CSI}119;1;119u`)).toEqual([key('w'), { type: 'char', char: 'w' }]);
    expect(d.feed(`${CSI}119;1:2;119u`)).toEqual([key('w', true), { type: 'char', char: 'w' }]);
    expect(d.feed(`${CSI}119;1:3u`)).toEqual([up('w')]);
    // shifted: the key is the unshifted one, the text the shifted character
    expect(d.feed(`${CSI}97;2;65u`)).toEqual([key('a'), { type: 'char', char: 'A' }]);
    expect(d.feed(`${CSI}49;2;33u`)).toEqual([key('one'), { type: 'char', char: '!' }]);
    // no associated text sent: the character of the key, shifted for a letter
    expect(d.feed(`${CSI}98;2u`)).toEqual([key('b'), { type: 'char', char: 'B' }]);
    expect(d.feed(`${CSI}233;1;233u`)).toEqual([{ type: 'char', char: '\xe9' }]);
  });

  it('reports modifier keys and functional keys on their own, in both encodings, with their event types', () => {
    const d = kittyDecoder();
    expect(d.feed(`${CSI}57442u${CSI}57442;5:3u`)).toEqual([key('leftCtrl'), up('leftCtrl')]);
    expect(d.feed(`${CSI}57441;2u${CSI}57449u`)).toEqual([key('leftShift'), key('rightAlt')]);
    expect(d.feed(`${CSI}13u${CSI}13;1:3u`)).toEqual([key('enter'), up('enter')]);
    expect(d.feed(`${CSI}27u${CSI}9;1:2u${CSI}127u`)).toEqual([key('escape'), key('tab', true), key('backspace')]);
    expect(d.feed(`${CSI}A${CSI}1;1:2A${CSI}1;1:3A`)).toEqual([key('up'), key('up', true), up('up')]);
    expect(d.feed(`${CSI}5~${CSI}5;1:3~${CSI}15;1:3~`)).toEqual([key('pageUp'), up('pageUp'), up('f5')]);
    expect(d.feed(`${CSI}57376u${CSI}57404;1;53u`)).toEqual([key('f13'), key('five'), { type: 'char', char: '5' }]);
    // ctrl with a letter: the letter's key and no character
    expect(d.feed(`${CSI}97;5u${CSI}97;5:3u`)).toEqual([key('a'), up('a')]);
  });

  it('takes Ctrl+T pressed as terminate and Ctrl+C pressed as the interrupt, not their releases', () => {
    let interrupts = 0;
    const d = kittyDecoder(() => interrupts++);
    expect(d.feed(`${CSI}116;5u${CSI}116;5:3u`)).toEqual([{ type: 'terminate' }, up('t')]);
    expect(d.feed(`${CSI}99;5u`)).toEqual([]);
    expect(interrupts).toBe(1);
    expect(d.feed(`${CSI}99;5:3u`)).toEqual([up('c')]);
    expect(interrupts).toBe(1);
  });

  it('waits for the rest of a report cut between two reads', () => {
    const d = kittyDecoder();
    expect(d.feed(`${CSI}119;1`)).toEqual([]);
    expect(d.feed(':3u')).toEqual([up('w')]);
  });

  it("without the answer, keeps today's behaviour: legacy keys pressed and released at once, a CSI u key too", () => {
    let interrupts = 0;
    const d = new KeyDecoder({ interrupt: () => interrupts++ });
    expect(d.feed(`${CSI}A`)).toEqual([key('up'), up('up')]);
    expect(d.feed('w')).toEqual([key('w'), { type: 'char', char: 'w' }, up('w')]);
    expect(d.feed(`${CSI}97;5u`)).toEqual([key('a'), up('a')]);
    expect(d.feed('x\x03y').map((e) => e.type)).toEqual(['key', 'char', 'key_up', 'key', 'char', 'key_up']);
    expect(interrupts).toBe(1);
    expect(d.kitty).toBe(false);
  });
});

describe('the host terminal asked for kitty key reports', () => {
  it('queries at the start, pushes the flags only once the terminal answers, and pops them at the end', async () => {
    const sim = await simulate({ vm: 'wasmoon', programs: {} });
    const stdin = new EventEmitter();
    const raw = Object.assign(stdin, { setRawMode: () => {}, resume: () => {}, pause: () => {} });
    let written = '';
    let taken = 0;
    const tty = new TtyInput(
      raw,
      { write: (s: string) => (written += s) },
      sim.terminal,
      sim.input,
      () => {},
      () => taken++,
    );
    expect(tty.nextAt()).toBeUndefined(); // nothing drawn: the host terminal is left alone
    sim.terminal.write('x');
    expect(tty.nextAt()).toBe(Infinity);
    expect(taken).toBe(1);
    expect(written).toContain(KITTY_QUERY);
    expect(written).not.toContain(KITTY_PUSH);
    stdin.emit('data', Buffer.from(`${CSI}?0u`));
    expect(written.endsWith(KITTY_PUSH)).toBe(true);
    stdin.emit('data', Buffer.from(`${CSI}?0u`));
    expect(written.split(KITTY_PUSH).length).toBe(2);
    tty.close();
    expect(written).toContain(KITTY_POP);

    const legacy = new TtyInput(
      Object.assign(new EventEmitter(), { setRawMode: () => {}, resume: () => {}, pause: () => {} }),
      { write: (s: string) => (written = s) },
      sim.terminal,
      sim.input,
      () => {},
    );
    legacy.nextAt();
    legacy.close();
    expect(written).not.toContain(KITTY_POP);
  });
});
