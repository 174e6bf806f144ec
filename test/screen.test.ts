// How thox run shares the host's stdout between printed output and the session terminal (src/host/screen.ts):
// in ANSI mode the screen is taken at the terminal's first change and printed output held until the end.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Terminal } from '../src/devices/terminal.js';
import { Screen } from '../src/host/screen.js';

/** A stream that keeps what is written to it, as text. */
function sink(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

describe('the session screen', () => {
  it('ANSI: prints pass until the terminal changes, then are held until the host screen comes back', () => {
    const [stdout, stderr] = [sink(), sink()];
    const t = new Terminal(10, 2);
    const screen = new Screen(t, { mode: 'ansi', depth: '16', stdout, stderr });
    screen.output('stdout', 'early\n');
    expect(stdout.text()).toBe('early\n');
    t.write('drawn');
    screen.output('stdout', 'late\n');
    screen.output('stderr', 'oops\n');
    expect(stdout.text()).toBe('early\n');
    screen.refresh();
    expect(stdout.text()).toContain('\x1b[?1049h'); // the alternate screen
    expect(stdout.text()).toContain('drawn');
    screen.finish();
    const after = stdout.text().split('\x1b[?1049l')[1];
    expect(after).toBe('drawn\nlate\n');
    expect(stderr.text()).toBe('oops\n');
  });

  it('ANSI: a run that never draws leaves stdout exactly as printed', () => {
    const [stdout, stderr] = [sink(), sink()];
    const screen = new Screen(new Terminal(), { mode: 'ansi', depth: 'truecolor', stdout, stderr });
    screen.output('stdout', 'only\xe9 prints\n');
    screen.refresh();
    screen.finish();
    expect(stdout.text()).toBe(Buffer.from('only\xe9 prints\n', 'latin1').toString('utf8'));
  });

  it('headless: terminal lines among printed ones, in order', () => {
    const [stdout, stderr] = [sink(), sink()];
    const t = new Terminal(10, 3);
    const screen = new Screen(t, { mode: 'headless', depth: '16', stdout, stderr });
    screen.output('stdout', 'one\n');
    t.write('two');
    t.setCursorPos(1, 2);
    screen.output('stdout', 'three\n');
    t.write('four');
    screen.finish();
    expect(stdout.text()).toBe('one\ntwo\nthree\nfour\n');
  });
});
