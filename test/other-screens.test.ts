// Screens beside the session terminal (src/host/other-screens.ts): headless, a monitor's lines are printed tagged
// with its name as the session terminal's are; in ANSI mode its last frame at the end; --dump-screen writes a file each.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Terminal } from '../src/devices/terminal.js';
import { OtherScreens, otherDumpFile } from '../src/host/other-screens.js';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-monitors-'));

/** A stream that keeps what is written to it. */
class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('the dump files of other screens', () => {
  it('are named after the session dump with .monitor-NAME before its extension', () => {
    expect(otherDumpFile('out/screen.txt', 'monitor top')).toBe('out/screen.monitor-top.txt');
    expect(otherDumpFile('screen.html', 'computer 1 monitor monitor_0')).toBe('screen.computer-1-monitor-monitor_0.html');
    expect(otherDumpFile('a.b/screen', 'computer 2')).toBe('a.b/screen.computer-2');
    expect(otherDumpFile('.screen', 'monitor x/y')).toBe('.screen.monitor-x_y');
  });
});

describe('other screens', () => {
  it('headless: print each finished row tagged with the monitor, and the rest at the end', () => {
    const out = new Sink();
    const terminal = new Terminal(10, 3);
    const monitors = new OtherScreens([{ name: 'computer 1 monitor top', terminal }], 'headless', out);
    terminal.write('one');
    terminal.setCursorPos(1, 2);
    terminal.write('two');
    monitors.finish();
    expect(out.text).toBe('[computer 1 monitor top] one\n[computer 1 monitor top] two\n');
  });

  it('ANSI: print nothing while the run lasts, then the last frame', () => {
    const out = new Sink();
    const terminal = new Terminal(10, 3);
    const monitors = new OtherScreens([{ name: 'monitor left', terminal }], 'ansi', out);
    terminal.write('one');
    terminal.setCursorPos(1, 3);
    terminal.write('three');
    expect(out.text).toBe('');
    monitors.finish();
    expect(out.text).toBe('[monitor left] one\n[monitor left]\n[monitor left] three\n');
  });
});

describe.each(VM_NAMES)('thox run with a monitor on %s', (vm) => {
  it('prints the monitor lines headless among the output, and dumps the monitor beside the terminal', () => {
    const dump = join(DIR, `${vm}.txt`);
    const r = thoxSync(join(DIR, 'store'), [
      'run',
      '--vm',
      vm,
      '--headless',
      '--peripheral',
      'top=monitor',
      '--dump-screen',
      dump,
      'test/lua/peripherals/monitor.lua',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('[monitor top] on the monitor\n[monitor top] second row\non the terminal\nprinted\n');
    expect(readFileSync(dump, 'utf8').split('\n')[0]).toBe('on the terminal');
    const monitor = readFileSync(join(DIR, `${vm}.monitor-top.txt`), 'utf8').split('\n');
    expect(monitor.length).toBe(20); // 19 rows and the last newline
    expect(monitor.slice(0, 3)).toEqual(['on the monitor', 'second row', '']);
  });
});
