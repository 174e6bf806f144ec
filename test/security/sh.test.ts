// Attacks on the native shell (programs/sh.lua, store/libraries/shell_syntax.lua) from its command line, on both VMs:
// huge lines, NULs, data:NAME names, deep pipelines and `&` loops stay within the kernel's limits and the shell's own.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/testing.js';
import { VM_NAMES, type VmName } from '../../src/vm/vm.js';

/** `sh -c LINE` to its end: its output and exit. */
async function sh(vm: VmName, line: string) {
  const programs = { sleeper: 'os.sleep(1e6)', count: 'print(#io.read("a"))' };
  const sim = await simulate({ vm, programs, limits: { processes: 50 } }); // a small limit: the attacks stay cheap
  const p = sim.spawn('sh', ['-c', line]);
  sim.run({ until: () => p.exit !== null });
  return { out: sim.output.stdout, err: sim.output.stderr, exit: p.exit, sim };
}

describe.each(VM_NAMES)('the shell on %s', (vm) => {
  it('a 4 MB word on the command line is one argument, not a table entry per byte (the shell ran out of memory)', async () => {
    const r = await sh(vm, `echo ${'x'.repeat(2_000_000)}"${'y'.repeat(2_000_000)}" | count`);
    expect(r.err).toBe('');
    expect(r.out).toBe('4000001\n');
    expect(r.exit).toMatchObject({ kind: 'exited', code: 0 });
  });

  it('words keep their quoting, escapes and variables around the runs of plain characters', async () => {
    const r = await sh(vm, `echo a#b 'c d'"e\\"f\\g$?h"i\\ j$? # comment`);
    expect(r.out).toBe('a#b c de"f\\g0hi j0\n');
  });

  it('a data:NAME that climbs, hides or has a NUL is refused; the name stays in the shell own stream', async () => {
    const r = await sh(vm, 'echo a > data:../x; echo a > data:.x; echo a > data:a/b; echo a > data:x\0y; echo hi > data:ok; cat < data:ok');
    expect(r.err.split('\n').filter((l) => l.includes('is letters, digits'))).toHaveLength(4);
    expect(r.out).toBe('hi\n');
  });

  it('a pipeline of 100 stages stops at the processes limit; the shell goes on', async () => {
    const r = await sh(vm, `${Array(100).fill('cat').join(' | ')}; echo after`);
    expect(r.err).toMatch(/^sh: too many processes: the tree of process 1 holds 50 \(limit 'processes', see thox run --limit\)\n/);
    expect(r.out).toBe('after\n');
  });

  it('100 background jobs stop at the processes limit; kill reaches only the shell own', async () => {
    const r = await sh(vm, `${Array(100).fill('sleeper &').join(' ')} kill 0; echo after`);
    expect(r.err).toContain("sh: too many processes: the tree of process 1 holds 50 (limit 'processes', see thox run --limit)");
    expect(r.err).toContain('sh: kill: no such process: 0');
    expect(r.out).toMatch(/after\n$/);
  });
});
