// Input events: the decoder of a host terminal's bytes (keys, escape sequences, paste, SGR mouse; never throws on
// any bytes, whatever the chunking), the event script parser and its errors, and --input end to end on both VMs.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type InputEvent, KeyDecoder } from '../src/devices/input.js';
import { parseInputScript } from '../src/devices/input-script.js';
import { KEYS, keyName } from '../src/devices/keys.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';
import { ROOT, thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-input-'));

/** A first chunk ending in an ESC, an unfinished sequence or an unfinished UTF-8 character, whose cut can change meaning. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is the byte looked for
const CUT_MATTERS = /(\x1b|\x1b[[O][\x20-\x3f]*|[\xc0-\xff][\x80-\xbf]*)$/;

function decode(...chunks: string[]): InputEvent[] {
  const d = new KeyDecoder();
  return chunks.flatMap((c) => d.feed(c));
}

describe('the key table', () => {
  it('has the GLFW codes CraftOS programs use, both ways', () => {
    expect([KEYS.a, KEYS.z, KEYS.zero, KEYS.enter, KEYS.space, KEYS.leftCtrl, KEYS.f1, KEYS.up, KEYS.backspace]).toEqual([
      65, 90, 48, 257, 32, 341, 290, 265, 259,
    ]);
    expect(keyName(257)).toBe('enter');
    expect(keyName(1000)).toBeUndefined();
  });
});

describe('the key decoder', () => {
  it('turns printable characters into key, char, key_up', () => {
    expect(decode('a')).toEqual([
      { type: 'key', key: 65, held: false },
      { type: 'char', char: 'a' },
      { type: 'key_up', key: 65 },
    ]);
    expect(decode('!').map((e) => e.type === 'key' && e.key)).toEqual([49, false, false]);
  });

  it('decodes UTF-8 to the terminal character set, ? past it', () => {
    expect(decode(Buffer.from('é€', 'utf8').toString('latin1'))).toEqual([
      { type: 'char', char: '\xe9' },
      { type: 'char', char: '?' },
    ]);
  });

  it('knows control keys, Ctrl with a letter, and Ctrl+T as terminate', () => {
    expect(decode('\r')).toEqual([
      { type: 'key', key: 257, held: false },
      { type: 'key_up', key: 257 },
    ]);
    expect(decode('\x01').map((e) => e.type === 'key' && e.key)).toEqual([341, 65, false, false]);
    expect(decode('\x14')).toEqual([{ type: 'terminate' }]);
  });

  it('decodes cursor and function keys, also when cut between chunks; a lone ESC is Escape', () => {
    const keys = (events: InputEvent[]) => events.flatMap((e) => (e.type === 'key' ? [keyName(e.key)] : []));
    expect(keys(decode('\x1b[A\x1bOB\x1b[3~\x1b[15~\x1b[1;5C\x1bOP'))).toEqual(['up', 'down', 'delete', 'f5', 'right', 'f1']);
    expect(keys(decode('\x1b[', '6~'))).toEqual(['pageDown']);
    expect(keys(decode('\x1b'))).toEqual(['escape']);
  });

  it('decodes bracketed paste whole, across chunks', () => {
    expect(decode('\x1b[200~hello ', 'world\x1b[20', '1~x').slice(0, 1)).toEqual([{ type: 'paste', text: 'hello world' }]);
  });

  it('decodes SGR mouse reports: click, drag, up, scroll', () => {
    expect(decode('\x1b[<0;3;4M\x1b[<34;5;6M\x1b[<2;5;6m\x1b[<64;1;2M\x1b[<65;1;2M')).toEqual([
      { type: 'mouse_click', button: 1, x: 3, y: 4 },
      { type: 'mouse_drag', button: 2, x: 5, y: 6 },
      { type: 'mouse_up', button: 2, x: 5, y: 6 },
      { type: 'mouse_scroll', direction: -1, x: 1, y: 2 },
      { type: 'mouse_scroll', direction: 1, x: 1, y: 2 },
    ]);
  });

  it('never throws, and gives the same events however the bytes are cut', () => {
    const bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x1b, 0x5b, 0x3c, 0x3b, 0x4d, 0x7e, 0x32, 0x30)), { maxLength: 64 });
    fc.assert(
      fc.property(bytes, fc.integer({ min: 0, max: 64 }), (b, cut) => {
        const text = String.fromCharCode(...b);
        const whole = decode(text);
        const at = Math.min(cut, text.length);
        const halves = decode(text.slice(0, at), text.slice(at));
        // an ESC at the end of the first half is Escape when cut: the streams agree up to such a cut
        if (!CUT_MATTERS.test(text.slice(0, at))) {
          expect(halves).toEqual(whole);
        }
        for (const e of whole) expect(typeof e.type).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the event script', () => {
  it('parses every command; char with a string gives one event per character', () => {
    const steps = parseInputScript(
      '# comment\n\nchar "ab"\nkey enter\nkey_down leftCtrl held\npaste "a\\"b\\n\\x41"\nmouse_click 1 3 4\nmouse_scroll -1 2 2\nsleep 0.5\nresize 40 10\nterminate\n',
    );
    expect(steps).toEqual([
      { kind: 'event', event: { type: 'char', char: 'a' } },
      { kind: 'event', event: { type: 'char', char: 'b' } },
      { kind: 'event', event: { type: 'key', key: 257, held: false } },
      { kind: 'event', event: { type: 'key_up', key: 257 } },
      { kind: 'event', event: { type: 'key', key: 341, held: true } },
      { kind: 'event', event: { type: 'paste', text: 'a"b\nA' } },
      { kind: 'event', event: { type: 'mouse_click', button: 1, x: 3, y: 4 } },
      { kind: 'event', event: { type: 'mouse_scroll', direction: -1, x: 2, y: 2 } },
      { kind: 'sleep', seconds: 0.5 },
      { kind: 'resize', width: 40, height: 10 },
      { kind: 'event', event: { type: 'terminate' } },
    ]);
  });

  it('names the line of an error', () => {
    expect(() => parseInputScript('char a\nfly away')).toThrow("line 2: unknown command 'fly'");
    expect(() => parseInputScript('key nokey')).toThrow("line 1: unknown key 'nokey'");
    expect(() => parseInputScript('mouse_click 0 1 1')).toThrow('line 1: button must be 1 (left), 2 (right) or 3 (middle), got 0');
    expect(() => parseInputScript('sleep x')).toThrow("line 1: sleep needs seconds, 0 to 86400, got 'x'");
    expect(() => parseInputScript('paste "open')).toThrow('line 1: unfinished string');
  });
});

/** The built CLI, with a store of these tests' own. */
function thox(...args: string[]) {
  return thoxSync(join(DIR, 'store'), args);
}

function script(name: string, text: string): string {
  const file = join(DIR, name);
  writeFileSync(file, text);
  return file;
}

describe.each(VM_NAMES)('thox run --input on %s', (vm) => {
  it('delivers the script to the program in order, sleeping on the virtual clock', () => {
    const file = script('echo.txt', 'char a\nkey enter\nsleep 0.5\npaste "hi there"\nmouse_click 1 3 4\nmouse_scroll -1 2 2\nresize 30 5\nterminate\n');
    const r = thox('run', '--vm', vm, '--headless', '--deterministic', '--input', file, 'test/lua/input/echo.lua');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'char a',
        'key 257 false',
        'key_up 257',
        'paste hi there',
        'mouse_click 1 3 4',
        'mouse_scroll -1 2 2',
        'term_resize',
        'dropped 0, enter is 257',
        'ready',
        '',
      ].join('\n'),
    );
    expect(r.status).toBe(0);
  });

  it('keeps 256 input events waiting and counts the dropped ones', () => {
    const file = script('flood.txt', `${'char x\n'.repeat(299)}sleep 2\nterminate\n`);
    const r = thox('run', '--vm', vm, '--headless', '--deterministic', '--input', file, 'test/lua/input/flood.lua');
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['terminate carries dropped=43', '256 waited, 43 dropped']);
  });
});

describe('thox run --input errors', () => {
  it('refuses a script with an error before running, naming the line', () => {
    const r = thox('run', '--input', script('bad.txt', 'char a\njump\n'), 'test/lua/input/echo.lua');
    expect(r.stderr).toContain("input script '");
    expect(r.stderr).toContain("line 2: unknown command 'jump'");
    expect(r.status).toBe(2);
  });
});

describe.each(VM_NAMES)('the focused process on %s', (vm) => {
  it('is the newest process on the session terminal: a child gets the input until it ends, one redirected away never', async () => {
    const main = `
      local term = require('term')
      local away = os.run_code("require('term').redirect(require('term').open(5, 5).ctx) print('away started') os.pull('char') print('away got a char')", { name = 'away' })
      os.sleep(0.1)
      local child = os.run_code("print('child got', os.pull('char').char)", { name = 'child' })
      os.wait(child)
      print('main got', os.pull('char').char)
      os.kill(away)
    `;
    const sim = await simulate({ vm, programs: { main } });
    const p = sim.spawn('main');
    const waiting = (name: string): boolean =>
      [...sim.kernel.processes.values()].some((q) => q.name === name && !q.exit && [...q.tasks.values()].some((t) => t.wait?.on === 'pull'));
    sim.run({ until: () => waiting('child') });
    expect(sim.input.deliver({ type: 'char', char: 'x' })).not.toBeNull();
    sim.run({ until: () => waiting('main') });
    sim.input.deliver({ type: 'char', char: 'y' });
    sim.run({ until: () => p.exit !== null });
    expect(sim.output.stderr).toBe('');
    expect(sim.output.stdout).toBe('away started\nchild got\tx\nmain got\ty\n');
  });
});

describe('an interrupt trapped as terminate', () => {
  it('turns SIGINT into a terminate event for a program that asked, which then ends normally', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'thox.js'), 'run', '--headless', 'test/lua/input/trap.lua'], {
      cwd: ROOT,
      env: { ...process.env, THOX_STORE: join(DIR, 'store') },
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      out += s;
      if (s.includes('ready')) child.kill('SIGINT');
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(out.split('\n').slice(0, 2)).toEqual(['ready', 'terminate pulled: cleaning up']);
    expect(code).toBe(0);
  });
});
