// `thox run` with the terminal, end to end without a terminal: headless lines among printed ones (both
// VMs), --dump-screen as text and ANSI, --term-size, and the errors of those flags.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-term-'));
const DRAW = 'test/lua/term/draw.lua';

/** The built CLI, with a store of these tests' own. */
function thox(...args: string[]) {
  return thoxSync(join(DIR, 'store'), args);
}

describe.each(VM_NAMES)('thox run with a terminal on %s', (vm) => {
  it('prints the terminal headless on a pipe: rows finished by a newline in order with prints, the rest at the end', () => {
    for (const flags of [[], ['--headless']]) {
      const r = thox('run', '--vm', vm, ...flags, '--term-size', '20x6', DRAW);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(['printed before', 'line five', 'printed after', '', ' Hello, terminal', ' RGB', '', ''].join('\n'));
      expect(r.status).toBe(0);
    }
  });
});

describe('thox run --dump-screen and --term-size', () => {
  it('writes the last frame as text, as ANSI for a .ans file, as HTML for a .html file', () => {
    const text = join(DIR, 'screen.txt');
    const ansi = join(DIR, 'screen.ans');
    expect(thox('run', '--term-size', '16x5', '--dump-screen', text, DRAW).status).toBe(0);
    expect(readFileSync(text, 'utf8')).toBe(['', ' Hello, terminal', ' RGB', '', 'line five', ''].join('\n'));
    expect(thox('run', '--dump-screen', ansi, DRAW).status).toBe(0);
    const picture = readFileSync(ansi, 'utf8');
    expect(picture).toContain('\x1b[38;2;222;222;108m'); // yellow text, true colour
    expect(picture).toContain('Hello, terminal');
    const html = join(DIR, 'screen.html');
    expect(thox('run', '--dump-screen', html, DRAW).status).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<span style="color:#dede6c;background:#3366cc">Hello, terminal</span>');
  });

  it('runs the palette demo headless as docs/cli.md shows it', () => {
    const r = thox('run', '--headless', '--term-size', '20x6', 'palette');
    expect(r.stdout).toBe(['The palette', '0123456789abcdef', '', '▌'.repeat(20), 'done', ''].join('\n'));
  });

  it('leaves programs that only print exactly as before', () => {
    const r = thox('run', 'hello');
    expect(r.stdout).toMatch(/^Hello, world! \(pid 1, Lua 5\.4\)\n$/);
  });

  it('refuses a bad size or an unwritable dump file before running', () => {
    const bad = thox('run', '--term-size', '0x5', DRAW);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("option '--term-size <WxH>' argument '0x5' is invalid. a terminal is 1 to 1024 cells on each side, got 0x5");
    expect(thox('run', '--term-size', 'wide', DRAW).stderr).toContain('expected WIDTHxHEIGHT in cells such as 51x19');
    const unwritable = thox('run', '--dump-screen', join(DIR, 'no', 'such', 'dir.txt'), DRAW);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toContain('cannot write the screen dump file');
  });
});
