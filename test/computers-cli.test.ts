// Several computers in one thox, end to end on both VMs: computer 0 transmits on a channel, computer 1
// receives and answers over wireless modems; labels and ids; every computer shown headless and traced, input to
// the first; the errors of --peripheral and --label.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../src/kernel/trace-check.js';
import type { TraceEvent } from '../src/kernel/trace.js';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-computers-'));
const TALK = 'test/lua/peripherals/talk.lua';

/** The built CLI, with a store of these tests' own. */
function thox(...args: string[]) {
  return thoxSync(join(DIR, 'store'), args);
}

describe.each(VM_NAMES)('thox run --computers on %s', (vm) => {
  it('lets computer 0 transmit on a channel and computer 1 receive and answer', () => {
    const r = thox('run', '--vm', vm, '--deterministic', '--computers', '2', '--label', 'alpha', '--label', 'beta', '--peripheral', 'top=modem', TALK);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1 (beta) got\thello from alpha\treply on\t2\tdistance\t8.0\n0 got\tthanks\ton\t2\tdistance\t8.0\n');
    expect(r.status).toBe(0);
  });

  it("shows the other computers' terminals tagged, feeds --input to the first, and traces every computer", () => {
    const input = join(DIR, 'in.txt');
    writeFileSync(input, 'char x\n');
    const trace = join(DIR, `${vm}.jsonl`);
    const r = thox(
      'run',
      '--vm',
      vm,
      '--deterministic',
      '--computers',
      '2',
      '--headless',
      '--input',
      input,
      '--trace',
      trace,
      'test/lua/peripherals/shown.lua',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('terminal of 0\nprinted by 0\n[computer 1] terminal of 1\nprinted by 1\ngot x\n');
    expect(r.status).toBe(0);
    const events = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((line): TraceEvent => JSON.parse(line));
    expect(events.filter((e) => e.kind === 'spawn').map((e) => e.computer)).toEqual([0, 1]);
    expect(
      events
        .filter((e) => e.kind === 'exit')
        .map((e) => e.computer)
        .sort(),
    ).toEqual([0, 1]);
    expect(events.filter((e) => e.kind === 'input').map((e) => [e.computer, e.data.type])).toEqual([[0, 'char']]);
    expect(checkTrace(events)).toEqual([]);
  });

  it('shows another computer with --show: its terminal untagged and given the input, the first one tagged', () => {
    const input = join(DIR, 'in-show.txt');
    writeFileSync(input, 'char y\n');
    const r = thox(
      'run',
      '--vm',
      vm,
      '--deterministic',
      '--computers',
      '3',
      '--computer-id',
      '4',
      '--show',
      '5',
      '--headless',
      '--input',
      input,
      'test/lua/peripherals/shown.lua',
      '5',
    );
    expect(r.stderr).toBe('');
    // the computers run in the order of their ids, whichever is shown
    expect(r.stdout).toBe('[computer 4] terminal of 4\nprinted by 4\nterminal of 5\nprinted by 5\n[computer 6] terminal of 6\nprinted by 6\ngot y\n');
    expect(r.status).toBe(0);
    expect(thox('run', '--computers', '2', '--show', '2', 'test/lua/peripherals/shown.lua').stderr).toContain(
      "--show 2: no such computer (the run's ids are 0 to 1)",
    );
  });
});

describe('thox run --computers, --peripheral and --label errors', () => {
  it('ends in a deadlock, naming each computer, when all of them wait', () => {
    // computers 5 and 6: neither is computer 0, so both wait for a message
    const r = thox('run', '--deterministic', '--computers', '2', '--computer-id', '5', '--peripheral', 'top=wired_modem', TALK);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'thox: deadlock: nothing can run and no timer is pending\n  computer 5: pid 1 (talk.lua) tid 1 waits on pull\n  computer 6: pid 1 (talk.lua) tid 1 waits on pull\n',
    );
    expect(r.status).toBe(3);
  });

  it('refuses unknown peripheral types, a side given twice, and long labels', () => {
    expect(thox('run', '--peripheral', 'top=toaster', TALK).stderr).toContain(
      "expected SIDE=TYPE such as top=modem, TYPE one of drive, modem, monitor, redstone_relay, wired_modem; got 'top=toaster'",
    );
    expect(thox('run', '--peripheral', 'top=modem', '--peripheral', 'top=monitor', TALK).stderr).toContain("'top' has a peripheral already");
    expect(thox('run', '--label', 'x'.repeat(33), TALK).stderr).toContain('a label is 1 to 32 characters');
  });
});
