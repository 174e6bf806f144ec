// The native shell (programs/sh.lua) on both VMs: its language (quoting, $?, lists), pipelines over the process
// streams, redirections to files and data:NAME, background jobs, line editing and completion on the terminal, and,
// through the built CLI, `thox run sh` with piped stdin, with an --input script, and its history kept across runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputEvent } from '../src/devices/input.js';
import { KEYS } from '../src/devices/keys.js';
import { type Simulation, simulate } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';
import { ROOT } from './thox-sync.js';

/** Small programs the shell runs in the tests. */
const PROGRAMS = {
  upper: 'for line in io.lines() do print((line:upper())) end',
  count: 'local n = 0 for _ in io.lines() do n = n + 1 end print(n .. " lines")',
  status: 'os.exit(tonumber((...)))',
  boom: "error('boom', 0)",
  sleeper: "os.sleep(tonumber((...))) print('slept ' .. ...)",
  args: "print(#arg, table.concat({ ... }, '|'))",
  lines: "for i = 1, tonumber((...)) do print(('line %d of many, long enough to fill the pipes'):format(i)) end",
};

/** A simulation running `sh` with `stdin` as its standard input (or `sh ARGS`), run to its end. */
async function sh(vm: VmName, stdin: string, args: string[] = []): Promise<{ sim: Simulation; code: number | undefined }> {
  const sim = await simulate({ vm, programs: PROGRAMS, stdin });
  const p = sim.spawn('sh', args);
  sim.run();
  return { sim, code: p.exit?.code };
}

/** The key events of pressing `name` (with Ctrl held when `ctrl`). */
function key(name: string, ctrl = false): InputEvent[] {
  const press: InputEvent[] = [
    { type: 'key', key: KEYS[name], held: false },
    { type: 'key_up', key: KEYS[name] },
  ];
  if (!ctrl) return press;
  return [{ type: 'key', key: KEYS.leftCtrl, held: false }, ...press, { type: 'key_up', key: KEYS.leftCtrl }];
}

/** The char events typing `text`. */
function typed(text: string): InputEvent[] {
  return [...text].map((char) => ({ type: 'char', char }));
}

/** The session terminal's rows, right-trimmed, without the blank ones at the end. */
function rows(sim: Simulation): string[] {
  const out: string[] = [];
  for (let y = 1; sim.terminal.getLine(y); y++) out.push(sim.terminal.getLine(y)![0].trimEnd());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** `sh ARGS` on the terminal (input events live unless `live` is false), fed `events` one at a time, each when it
 *  waits; its exit code. */
async function onTerminal(vm: VmName, events: InputEvent[], args: string[] = [], live = true): Promise<{ sim: Simulation; code: number | undefined }> {
  const sim = await simulate({ vm, programs: PROGRAMS });
  sim.input.live = live;
  const p = sim.spawn('sh', args);
  for (const e of events) {
    sim.run();
    sim.input.deliver(e);
  }
  sim.run();
  return { sim, code: p.exit?.code };
}

describe.each(VM_NAMES)('sh on %s', (vm) => {
  it('quotes with \'...\', "..." and \\, expands $? $$ and $NAME when each command runs, and drops empty words', async () => {
    const { sim, code } = await sh(vm, `args 'a  b' "c \\"d\\" \\$x" e\\ f \\'g $NOPE "" h#i # a comment\nstatus 3; echo $? "$?"\necho $$\n`);
    expect(sim.output.stdout).toBe('6\ta  b|c "d" $x|e f|\'g||h#i\n3 3\n1\n');
    expect(code).toBe(0);
  });

  it('runs lists with ; && || and keeps the last status in $? and as its own exit status', async () => {
    const { sim, code } = await sh(vm, 'status 1 && echo no || echo yes\nstatus 0 && echo and\nstatus 4 ; echo $?\nstatus 5\n');
    expect(sim.output.stdout).toBe('yes\nand\n4\n');
    expect(code).toBe(5);
  });

  it('pipes each program into the next over the process streams, a builtin first too', async () => {
    const { sim } = await sh(vm, 'echo one two | upper | count\necho mixed Case | upper\nhello | upper\n');
    expect(sim.output.stdout).toMatch(/^1 lines\nMIXED CASE\nHELLO, WORLD! \(PID \d+, LUA 5\.\d\)\n$/);
  });

  it('reports errors in its words: unknown programs (127), failed and killed programs, syntax (2)', async () => {
    const { sim } = await sh(vm, 'nope; echo $?\nboom; echo $?\necho "open\necho $?\necho a |\nupper < /none\nexit x\necho a | jobs\n');
    expect(sim.output.stdout).toBe('127\n1\n2\n');
    expect(sim.output.stderr).toBe(
      [
        'sh: program not found: nope',
        'boom',
        'sh: unterminated quote: " has no closing "',
        "sh: syntax error near 'the end of the line': a command is missing",
        'sh: /none: No such file or directory',
        "sh: exit: 'x' is not a number",
        'sh: jobs is built into the shell: it can only begin a pipeline',
        '',
      ].join('\n'),
    );
  });

  it('redirects output to a file (> and >>) and input from one (<)', async () => {
    const { sim } = await sh(vm, 'echo first > /notes.txt\necho second >> /notes.txt\nupper < /notes.txt\ncat /notes.txt | count\necho x > /no/dir\n');
    expect(sim.output.stdout).toBe('FIRST\nSECOND\n2 lines\n');
    expect(sim.output.stderr).toBe('sh: /no/dir: No such file or directory\n');
  });

  it('keeps every byte of a long pipeline into a file and back, both written while the shell waits', async () => {
    const { sim } = await sh(
      vm,
      'lines 5000 | cat | cat > /big.txt\nupper < /big.txt | count\ncat /big.txt > /copy.txt; cat /big.txt | cat >> /copy.txt; count < /copy.txt\nlines 9000 >> /copy.txt\n',
    );
    expect(sim.output.stdout).toBe('5000 lines\n10000 lines\n');
    expect(sim.output.stderr).toBe('sh: /copy.txt: No space left on device\n'); // the file system holds 1 MiB
  });

  it('saves output in its data stream with > data:NAME, reads it back with <, lists and removes it', async () => {
    const { sim } = await sh(vm, 'echo kept > data:note\necho more >> data:note\nupper < data:note\nsaved\nsaved rm note\nsaved\ncat < data:note\n');
    expect(sim.output.stdout).toBe('KEPT\nMORE\ndata:note  10 bytes\n');
    expect(sim.output.stderr).toBe('sh: data:note: nothing saved under that name\n');
    expect(sim.store.get('data', 'sh')).toContain('w note 5\nkept\n');
  });

  it('runs jobs in the background with &: jobs, fg waits and gives its status, kill %N ends one', async () => {
    const { sim } = await sh(vm, 'sleeper 5 &\nsleeper 1 &\njobs\nfg %2\necho $?\nkill %1\nfg\necho $?\nfg\nkill %9\n');
    expect(sim.output.stdout.replace(/(\] |running {2})\d+/g, '$1PID')).toBe(
      '[1] PID\n[2] PID\n[1] running  PID  sleeper 5\n[2] running  PID  sleeper 1\nsleeper 1\nslept 1\n0\nsleeper 5\n137\n',
    );
    expect(sim.output.stderr).toMatch(/^sh: sleeper \(pid \d+\): killed by process 1\nsh: fg: no jobs\nsh: kill: no job %9\n$/);
  });

  it('reads the keyboard with -i, even when the run does not say input events come', async () => {
    const { sim, code } = await onTerminal(vm, [...typed('echo keyed'), ...key('enter'), ...key('d', true)], ['-i'], false);
    expect(rows(sim)).toEqual(['$ echo keyed', 'keyed', '$']);
    expect(code).toBe(0);
  });

  it('runs one line with -c, says its usage with --help, and refuses unknown options', async () => {
    expect((await sh(vm, '', ['-c', 'echo a; status 6'])).code).toBe(6);
    expect((await sh(vm, '', ['--help'])).sim.output.stdout).toMatch(/^usage: sh \[-c LINE \| -i\]/);
    const bad = await sh(vm, '', ['-x']);
    expect(bad.code).toBe(1);
  });

  it('edits the line on the terminal: moves, deletes, Ctrl+U/W/A/E, history with Up and Down', async () => {
    const { sim, code } = await onTerminal(vm, [
      ...typed('echo abc'),
      ...key('left'),
      ...key('backspace'),
      ...key('home'),
      ...key('delete'),
      ...typed('E'),
      ...key('enter'), // Echo ac -> program not found
      ...typed('junk words'),
      ...key('w', true),
      ...key('u', true),
      ...typed('echo x y'),
      ...key('w', true),
      ...typed('z'),
      ...key('enter'),
      ...key('up'),
      ...key('up'),
      ...key('down'),
      ...key('a', true),
      ...key('right'),
      ...key('right'),
      ...key('right'),
      ...key('right'),
      ...key('e', true),
      ...typed('!'),
      ...key('enter'),
      ...typed('exit 3'),
      ...key('enter'),
    ]);
    expect(rows(sim)).toEqual(['$ Echo ac', 'sh: program not found: Echo', '$ echo x z', 'x z', '$ echo x z!', 'x z!', '$ exit 3']);
    expect(code).toBe(3);
  });

  it('completes program and builtin names, files, store entries and saved outputs with Tab, listing the choices', async () => {
    const { sim } = await onTerminal(vm, [
      ...typed('upp'),
      ...key('tab'),
      ...key('enter'),
      ...typed('he'),
      ...key('tab'),
      ...key('tab'),
      ...key('u', true),
      ...typed('echo x > data:kept'),
      ...key('enter'),
      ...typed('upper < data:k'),
      ...key('tab'),
      ...key('enter'),
      ...typed('echo y > /notes.txt'),
      ...key('enter'),
      ...typed('cat /no'),
      ...key('tab'),
      ...key('enter'),
      ...typed('store cat runtimes/nat'),
      ...key('tab'),
      ...key('enter'),
      ...key('d', true),
    ]);
    expect(rows(sim).slice(0, 9)).toEqual([
      '$ upper',
      '$ hel',
      'hello  help',
      '$ echo x > data:kept',
      '$ upper < data:kept',
      'X',
      '$ echo y > /notes.txt',
      '$ cat /notes.txt',
      'y',
    ]);
    expect(rows(sim)).toContain('$ store cat runtimes/native');
  });

  it('shows output on the terminal, cancels a line on terminate, and shows background jobs at the next prompt', async () => {
    const { sim, code } = await onTerminal(vm, [
      ...typed('sleeper 1 &'),
      ...key('enter'),
      ...typed('half'),
      { type: 'terminate' },
      ...typed('status 2'),
      ...key('enter'),
      ...key('d', true),
    ]);
    const screen = rows(sim);
    expect(screen[0]).toBe('$ sleeper 1 &');
    expect(screen[1]).toMatch(/^\[1\] \d+$/);
    expect(screen.slice(2)).toEqual(['$ half^C', 'slept 1', '[1] done (status 0)  sleeper 1', '$ status 2', '$']);
    expect(code).toBe(2);
  });
});

/** `thox run --vm VM ...args` on `store`, with `input` as its standard input. */
function thox(store: string, vm: VmName, args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'thox.js'), 'run', '--vm', vm, ...args], {
    cwd: ROOT,
    env: { ...process.env, THOX_STORE: store },
    input,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(VM_NAMES)('thox run sh on %s', (vm) => {
  it('reads command lines from piped standard input, and keeps its history in data/sh across runs', () => {
    const store = mkdtempSync(join(tmpdir(), 'thox-sh-'));
    const first = thox(store, vm, ['sh'], 'echo one | cat\nhello > data:greeting\nstatus 3\n');
    expect(first).toMatchObject({ status: 127, stdout: 'one\n', stderr: 'sh: program not found: status\n' });
    const second = thox(store, vm, ['sh'], 'history\ncat < data:greeting\n');
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/^ {4}1 {2}echo one \| cat\n {4}2 {2}hello > data:greeting\n {4}3 {2}status 3\n {4}4 {2}history\nHello, world!/);
  });

  it('edits lines on the terminal from an --input script, its rows printed headless', () => {
    const store = mkdtempSync(join(tmpdir(), 'thox-sh-'));
    const script = join(store, 'keys.txt');
    const keys = ['char "echo hi there"', 'key enter', 'key up', 'key_down leftCtrl', 'key w', 'key_up leftCtrl', 'char "you"', 'key enter'];
    const completion = ['char "hel"', 'key tab', 'char "lo"', 'key enter', 'char "exit 5"', 'key enter'];
    writeFileSync(script, `${[...keys, ...completion].join('\n')}\n`);
    const r = thox(store, vm, ['--headless', '--deterministic', '--term-size', '32x8', '--input', script, 'sh']);
    expect(r.status).toBe(5);
    expect(r.stdout.split('\n').filter((l) => l.trim() !== '')).toEqual([
      '$ echo hi there',
      'hi there',
      '$ echo hi you',
      'hi you',
      '$ hel',
      'hello  help',
      '$ hello',
      expect.stringMatching(/^Hello, world! \(pid \d+, Lua 5\.\d\)$/),
      '$ exit 5',
    ]);
  });
});
