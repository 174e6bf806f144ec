// The shell's utilities on both VMs, run from sh as a person would: ps, top (printed and on the terminal), store
// under the store policy, run --runtime, log (tail, follow, write), trace start/stop, svc with and without init,
// kill, help; each program's --help and its errors. trace with the kernel's trace off goes through the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startInit } from '../src/init/system.js';
import { type Simulation, simulate } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';
import { ROOT } from './thox-sync.js';

const PROGRAMS = {
  count: 'local n = 0 for _ in io.lines() do n = n + 1 end print(n .. " lines")',
  sleeper: "os.sleep(tonumber((...))) print('slept ' .. ...)",
  spin: 'while true do end',
  notifier: "local service = require('service') service.ready() repeat local e = os.pull() until e.type == 'terminate'",
};

/** `sh -c LINE` run to its end (or to `deadlineMs` of kernel time): its output and status. */
async function sh(vm: VmName, line: string, setup?: (sim: Simulation) => void): Promise<{ sim: Simulation; code: number | undefined }> {
  const sim = await simulate({ vm, programs: PROGRAMS, services: { 'a.svc': "{ program = 'notifier', type = 'notify' }" } });
  setup?.(sim);
  const p = sim.spawn('sh', ['-c', line]);
  sim.run({ until: () => p.exit !== null });
  return { sim, code: p.exit?.code };
}

const UTILITIES = ['ps', 'top', 'store', 'run', 'log', 'trace', 'svc', 'cat', 'sh'];

describe.each(VM_NAMES)('the utilities on %s', (vm) => {
  it('ps lists the processes with their counters', async () => {
    const { sim, code } = await sh(vm, 'sleeper 9 & ps; kill %1');
    const lines = sim.output.stdout.split('\n');
    expect(lines[1]).toMatch(/^PID {2}PPID {2}STATE +CPU +MEMORY +INSNS {2}NAME$/);
    expect(lines[2]).toMatch(/^ {2}1 {5}0 {2}running +\d+\.\d\d +[\d.]+[BKM] +\d+ {2}sh\.lua$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ +\d+ +1 {2}running .* sleeper$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ +\d+ +1 {2}running .* ps\.lua$/));
    expect(code).toBe(0);
  });

  it('top prints the table with each process share of the processor since the last refresh', async () => {
    const { sim } = await sh(vm, 'spin & top -n 2 -d 0.5; kill %1');
    const tables = sim.output.stdout.split('\n\ntop').map((t) => t.split('\n'));
    expect(tables).toHaveLength(2);
    expect(tables[1][0]).toMatch(/^ - \d\d:\d\d:\d\d, 3 processes$/);
    expect(tables[1][2]).toMatch(/^PID {2}NAME +RUNTIME {2}STATE +CPU% +TIME +MEMORY +INSNS$/);
    const spin = tables[1].find((l) => l.includes(' spin '));
    expect(Number(spin?.trim().split(/ +/)[4])).toBeGreaterThan(50);
  });

  it('top redraws the terminal until q', async () => {
    const sim = await simulate({ vm, programs: PROGRAMS });
    sim.input.live = true;
    const p = sim.spawn('top', ['-d', '0.5']);
    sim.run({ deadlineMs: 1200 });
    const screen = [1, 2, 3, 4, 5].map((y) => sim.terminal.getLine(y)?.[0].trimEnd());
    expect(screen[0]).toMatch(/^top - \d\d:\d\d:\d\d, 1 processes$/);
    expect(screen[2]).toMatch(/^PID {2}NAME +RUNTIME {2}STATE +CPU% +TIME +MEMORY/); // cut at the terminal's width
    expect(screen[4]).toBe('(q: quit)');
    sim.input.deliver({ type: 'char', char: 'q' });
    sim.run({ deadlineMs: 2000 });
    expect(p.exit?.code).toBe(0);
  });

  it('store lists and shows entries, and says why a process may not change them', async () => {
    const { sim, code } = await sh(
      vm,
      'store ls runtimes; store cat programs/hello | count; echo x | store put programs/x; store rm programs/hello; store cat data/sh; store cat programs/nope; store; echo $?',
    );
    expect(sim.output.stdout).toMatch(
      /^NAME +SIZE {2}LAYER\ncompat +\d+ {2}factory\ncraftos +\d+ {2}factory\n(craftos\.[a-z]+ +\d+ {2}factory\n){9}native +\d+ {2}factory\nopenos +\d+ {2}factory\n3 lines\nusage: store ls/,
    );
    expect(sim.output.stdout).toMatch(/\n2\n$/);
    expect(sim.output.stderr).toBe(
      [
        "store: denied: programs/x is system-managed: a process cannot change the programs namespace (the host user can, with 'thox store put')",
        "store: denied: programs/hello is system-managed: a process cannot change the programs namespace (the host user can, with 'thox store rm')",
        'store: denied: the data namespace is not reachable through the store context: a program reaches its own stream through the data context',
        'store: programs/nope: no such entry',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  it('run starts a program with the runtime asked for and exits with its status', async () => {
    const { sim, code } = await sh(vm, "run --runtime compat hello a; run nope; echo $?; run --runtime nope hello; echo $?; run sh -c 'exit 9'");
    expect(sim.output.stdout).toMatch(/^Hello, a! \(pid \d+, Lua 5\.\d\)\n127\n127\n$/);
    expect(sim.output.stderr).toBe("run: program not found: nope\nrun: unknown runtime 'nope'\n");
    expect(code).toBe(9);
  });

  it('log writes lines, shows the last ones, and follows new ones with -f', async () => {
    const { sim } = await sh(
      vm,
      'log write info before; log -f -n 1 & sleeper 1; log write warn later; sleeper 1; kill %1; log write loud x; log -n 2 | count',
    );
    const lines = sim.output.stdout.split('\n').filter((l) => !l.startsWith('slept') && !l.startsWith('['));
    expect(lines[0]).toMatch(/^ +\d+\.\d{3} info {2}\d+ log\.lua: before$/);
    expect(lines[1]).toMatch(/^ +\d+\.\d{3} warn {2}\d+ log\.lua: later$/);
    expect(lines.slice(2)).toEqual(['2 lines', '']);
    expect(sim.output.stderr).toBe("log: bad argument #1 to 'log.write' (level must be one of debug, info, warn, error)\n");
  });

  it('trace records the scheduling trace between start and stop, into a file or standard output', async () => {
    const { sim, code } = await sh(
      vm,
      'trace stop; trace start; trace start; trace status; hello > /dev-null.txt; trace stop /t.txt; trace status; cat /t.txt | count',
    );
    expect(sim.output.stdout).toMatch(/^trace: recording\ntrace: recording \(started by process \d+\)\ntrace: not recording\n\d+ lines\n$/);
    expect(sim.output.stderr).toMatch(
      /^trace: the trace is not being recorded: start it first \(trace start\)\ntrace: the trace is already being recorded \(started by process \d+\)\n$/,
    );
    const file = sim.output.stdout.match(/(\d+) lines/);
    expect(Number(file?.[1])).toBeGreaterThan(10);
    expect(code).toBe(0);
  });

  it('svc controls init from the shell, and says so clearly without init', async () => {
    const booted = await sh(vm, 'svc start a | count; svc list | count; svc status nope; echo $?', (sim) => startInit(sim.kernel, sim.store));
    expect(booted.sim.output.stdout).toMatch(/^2 lines\n\d+ lines\n1\n$/);
    expect(booted.sim.output.stderr).toBe('svc: no such service: nope\n');
    const bare = await sh(vm, 'svc list');
    expect(bare.sim.output.stderr).toBe('svc: no service manager here: svc needs a system booted with init (thox boot)\n');
    expect(bare.code).toBe(1);
  });

  it('kill (a builtin) kills the shell’s descendants by pid, and refuses others in thox’s words', async () => {
    const { sim } = await sh(vm, 'sleeper 9 & kill 999; kill x; kill 1; echo $?', (s) => s.spawn('sleeper', ['9']));
    expect(sim.output.stderr).toBe(
      "sh: kill: no such process: 999\nsh: kill: 'x' is neither a job (%N) nor a pid\nsh: kill: process 1 is not a descendant of 2\n",
    );
    expect(sim.output.stdout).toMatch(/^\[1\] \d+\n1\n$/);
  });

  it('help lists the builtins and every program with its line', async () => {
    const { sim } = await sh(vm, 'help');
    const out = sim.output.stdout;
    for (const b of ['echo', 'exit', 'jobs', 'fg', 'kill', 'history', 'saved', 'help']) expect(out).toMatch(new RegExp(`\\n {2}${b} +${b}`));
    expect(out).toContain('\n  ps                 the processes, one a line');
    expect(out).toContain('\n  sh                 the thox shell');
    for (const u of UTILITIES) expect(out).toMatch(new RegExp(`\\n {2}${u} +\\S`));
  });

  it.each(UTILITIES)('%s --help says its usage, and a bad argument is an error with a status', async (name) => {
    const help = await sh(vm, `${name} --help`);
    expect(help.sim.output.stdout).toMatch(new RegExp(`^usage: ${name}`));
    expect(help.code).toBe(0);
    const bad = await sh(vm, `${name} --frobnicate`);
    expect(bad.code).not.toBe(0);
    expect(bad.sim.output.stderr).toMatch(new RegExp(`^${name}: |^usage: ${name}`));
  });
});

describe.each(VM_NAMES)('trace from the shell under thox run on %s', (vm) => {
  it('turns the kernel trace on for the recording and off again', () => {
    const store = mkdtempSync(join(tmpdir(), 'thox-trace-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'thox.js'), 'run', '--vm', vm, 'sh'], {
      cwd: ROOT,
      env: { ...process.env, THOX_STORE: store },
      input: 'trace start\nhello\ntrace stop --format jsonl | cat > /t.jsonl\ntrace stop --format nope\ncat /t.jsonl\n',
      encoding: 'utf8',
    });
    const events = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(events.find((e) => e.kind === 'spawn' && e.data.name === 'hello.lua')).toBeTruthy();
    expect(r.stderr).toBe("trace: bad argument #1 to 'trace.stop' (invalid option 'nope')\n");
  });
});
