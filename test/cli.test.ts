// The `thox` command line, end to end: the built CLI (bin/thox.js → dist/) is spawned as a child
// process and its exit status, stdout and stderr are checked against the documented behaviour.
// Build first (`npx tsc -p .`). Fixtures are in test/lua/cli/; a few are written to a temp folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'thox.js');
const FIXTURES = 'test/lua/cli';
const fixture = (name: string): string => `${FIXTURES}/${name}.lua`;

interface RunResult {
  /** Exit status, or null when the process was ended by a signal (or by our time limit). */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The raw bytes of stdout. */
  out: Buffer;
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
  /** Whether the run was killed for exceeding the spawn's time limit. */
  timedOut: boolean;
}

interface RunOptions {
  /** Time limit for the spawn (ms); the child is killed after it. */
  timeout?: number;
  /** Called with the child once it is spawned and with each stdout chunk (for signals, early close). */
  onStdout?: (chunk: Buffer, child: ReturnType<typeof spawn>) => void;
}

const ISOLATED_STORE = mkdtempSync(join(tmpdir(), 'thox-cli-store-'));

/** Runs `node bin/thox.js ...args` from the repository root. */
function thox(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      // a store of the tests' own, so the developer's store cannot change what runs
      env: { ...process.env, CI: 'true', THOX_STORE: ISOLATED_STORE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeout ?? 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out.push(chunk);
      options.onStdout?.(chunk, child);
    });
    child.stdout!.on('error', () => {}); // a test may close stdout early on purpose
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      resolve({
        status,
        signal,
        stdout: stdout.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        out: stdout,
        ms: performance.now() - started,
        timedOut,
      });
    });
  });
}

/** A JavaScript stack or Node's own error report: never shown to a user without --debug. */
const JS_STACK = /node:internal|file:\/\/|^\s+at .+\.(?:js|mjs|cjs|ts)[:)]|Unhandled 'error' event|^Node\.js v/m;

/** Resolves once process `pid` has used no CPU for half a second (Linux: /proc/PID/stat). */
async function idle(pid: number): Promise<void> {
  const cpu = (): string =>
    readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ')
      .slice(11, 13)
      .join(' ');
  for (let last = ''; ; ) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpu();
    if (now === last) return;
    last = now;
  }
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

let tmp: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('the CLI is not built: run `npx tsc -p .` before this suite');
  }
  tmp = mkdtempSync(join(tmpdir(), 'thox-cli-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.concurrent('thox run: programs and arguments', () => {
  it('runs hello by name: greeting, pid 1, Lua 5.4, exit 0', async ({ expect }) => {
    const r = await thox(['run', 'hello']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Hello, world! (pid 1, Lua 5.4)\n');
    expect(r.status).toBe(0);
  });

  it('passes arguments through, including ones after the program that look like flags', async ({ expect }) => {
    const [you, foo, help, timeout] = await Promise.all([
      thox(['run', 'hello', 'you']),
      thox(['run', 'hello', '--foo']),
      thox(['run', 'hello', '--help']),
      thox(['run', fixture('print_args'), '--timeout', '1', '-x', '--', 'last']),
    ]);
    expect(you.stdout).toBe('Hello, you! (pid 1, Lua 5.4)\n');
    expect(you.status).toBe(0);
    expect(foo.stdout).toBe('Hello, --foo! (pid 1, Lua 5.4)\n');
    expect(foo.status).toBe(0);
    // --help after the program is the program's, not thox's
    expect(help.stdout).toBe('Hello, --help! (pid 1, Lua 5.4)\n');
    expect(help.status).toBe(0);
    expect(timeout.stdout).toBe('5\n9\t--timeout\n1\t1\n2\t-x\n2\t--\n4\tlast\n');
    expect(timeout.status).toBe(0);
  });

  it('passes non-ASCII arguments to the program as their UTF-8 bytes', async ({ expect }) => {
    const r = await thox(['run', fixture('print_args'), 'é', '日本']);
    expect(r.status).toBe(0);
    // 'é' is 2 bytes and '日本' 6 bytes in UTF-8; printed back they must be the same bytes
    expect(r.stdout).toBe('2\n2\té\n6\t日本\n');
    expect(r.out.equals(Buffer.from('2\n2\té\n6\t日本\n', 'utf8'))).toBe(true);
  });

  it('names a non-ASCII file in its error messages as it is spelled', async ({ expect }) => {
    const file = join(tmp, 'été.lua');
    writeFileSync(file, "error('boom')\n");
    const r = await thox(['run', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^été\.lua:1: boom$/m);
  });

  it("runs a file path: the three spinners interleave, round 1 of each first, each spinner's rounds in order", async ({ expect }) => {
    const r = await thox(['run', 'programs/demo/spinners.lua']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    // each child's standard output is buffered and written out after its slices, so the first three lines are
    // round 1 of each, in an order that depends on where slices end (on the real clock, also on time)
    expect(
      out
        .slice(0, 3)
        .map((l) => l.replace(/ \(checksum \d+\)$/, ''))
        .sort(),
    ).toEqual(['blue round 1', 'green round 1', 'red round 1']);
    for (const name of ['red', 'green', 'blue']) {
      const rounds = out.filter((l) => l.startsWith(`${name} round`)).map((l) => l.replace(/ \(checksum \d+\)$/, ''));
      expect(rounds).toEqual([1, 2, 3, 4].map((n) => `${name} round ${n}`));
    }
    // on the real clock a slice may also end on time after a system call, so the last rounds and the parent's
    // reports may interleave: the reports come in pid order, each after that spinner's last round
    const reports = out.filter((l) => l.includes('exited'));
    expect(reports).toEqual(['red (pid 2) exited with code 0', 'green (pid 3) exited with code 0', 'blue (pid 4) exited with code 0']);
    for (const name of ['red', 'green', 'blue']) {
      expect(out.findIndex((l) => l.startsWith(`${name} round 4`))).toBeLessThan(out.findIndex((l) => l.startsWith(`${name} (pid`)));
    }
  });

  it('finds a program by name in a programs/ subfolder (with or without .lua)', async ({ expect }) => {
    const [withExt, bare] = await Promise.all([thox(['run', 'three_counters.lua']), thox(['run', 'three_counters'])]);
    for (const r of [withExt, bare]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(lines(r.stdout)).toHaveLength(10);
      expect(r.stdout.endsWith('total 900000\n')).toBe(true);
    }
  });

  it('runs a file whose path contains # as a file, not as runtime#name', async ({ expect }) => {
    const dir = join(tmp, 'hash#dir');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'a#b.lua');
    writeFileSync(file, "print('hash ok', ...)\n");
    const r = await thox(['run', file, 'x']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hash ok\tx\n');
    expect(r.status).toBe(0);
  });

  it('runs runtime#name and --runtime name (compat#hello), and the process exits promptly every time', async ({ expect }) => {
    // Several runs at once: an exit-time hang of the host process shows up as a run that never ends.
    const runs = await Promise.all([
      ...Array.from({ length: 5 }, () => thox(['run', 'compat#hello'], { timeout: 30_000 })),
      thox(['run', '--runtime', 'compat', 'hello'], { timeout: 30_000 }),
    ]);
    for (const r of runs) {
      expect(r.timedOut, 'thox did not exit within 30 s (a hang, or a machine far too loaded)').toBe(false);
      expect(r.stdout).toBe('Hello, world! (pid 1, Lua 5.4)\n');
      expect(r.status).toBe(0);
    }
  });
});

describe.concurrent('thox run: exit statuses and error reports', () => {
  it("exits with the program's os.exit code", async ({ expect }) => {
    const r = await thox(['run', fixture('exit3')]);
    expect(r.stdout).toBe('before exit\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
  });

  it('a runtime error: status 1, file:line: message and a Lua traceback, no JavaScript stack', async ({ expect }) => {
    const r = await thox(['run', fixture('runtime_error')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^runtime_error\.lua:5: attempt to index a nil value/m);
    expect(r.stderr).toContain('stack traceback:');
    expect(r.stderr).toMatch(/runtime_error\.lua:8: in main chunk/);
    expect(r.stderr).not.toMatch(JS_STACK);
  });

  it("a runtime prelude runs as the program's first work: its error is the program's (status 1), --timeout stops its loop (124)", async ({ expect }) => {
    const store = join(tmp, 'prelude-store');
    writeFileSync(join(tmp, 'raise.lua'), 'local a = 1\nerror("boom")\n');
    writeFileSync(join(tmp, 'spin.lua'), 'while true do end\n');
    for (const name of ['raise', 'spin']) await thox(['store', 'put', `runtimes/${name}`, join(tmp, `${name}.lua`), '--store', store]);
    const [raised, spun] = await Promise.all([
      thox(['run', '--store', store, 'raise#hello']),
      thox(['run', '--store', store, '--timeout', '1', 'spin#hello'], { timeout: 30_000 }),
    ]);
    expect(raised.stdout).toBe('');
    expect(raised.stderr).toMatch(/^runtime:raise:2: boom$/m);
    expect(raised.stderr).toMatch(/runtime:raise:2: in main chunk/);
    expect(raised.status).toBe(1);
    // inside the spawn, the loop would have been killed as stuck (status 1) or held the host past its --timeout
    expect(spun.stderr).toMatch(/^thox: timed out after 1 s$/m);
    expect(spun.status).toBe(124);
  });

  it('a syntax error: status 1 and one line naming the file and line', async ({ expect }) => {
    const r = await thox(['run', fixture('syntax_error')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/syntax_error\.lua:3: .*near '='/);
    expect(r.stderr).not.toMatch(JS_STACK);
  });

  it('a binary chunk file is refused: status 1, "attempt to load a binary chunk"', async ({ expect }) => {
    const file = join(tmp, 'chunk.lua');
    writeFileSync(file, Buffer.concat([Buffer.from('\x1bLua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08', 'latin1'), Buffer.alloc(32, 0x41)]));
    const r = await thox(['run', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("thox: chunk.lua: attempt to load a binary chunk (mode is 't')\n");
    expect(r.stderr).not.toMatch(JS_STACK);
  });

  it('a missing program: status 2 with a message naming it', async ({ expect }) => {
    const [byName, byPath] = await Promise.all([thox(['run', 'no_such_program']), thox(['run', 'programs/no_such_file.lua'])]);
    expect(byName.status).toBe(2);
    expect(byName.stderr).toContain('no_such_program');
    expect(byName.stderr).toMatch(/not found/);
    expect(byPath.status).toBe(2);
    expect(byPath.stderr).toContain('no_such_file');
    for (const r of [byName, byPath]) {
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(JS_STACK);
    }
  });

  it('an unknown runtime (--runtime nope, nope#hello): status 2, naming it and listing the known ones', async ({ expect }) => {
    const runs = await Promise.all([thox(['run', '--runtime', 'nope', 'hello']), thox(['run', 'nope#hello'])]);
    for (const r of runs) {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("'nope'");
      expect(r.stderr).toMatch(/known: .*native/);
      expect(r.stderr).toMatch(/known: .*compat/);
    }
  });

  it('runtime# with no program, and two different runtimes: status 2', async ({ expect }) => {
    const [empty, two] = await Promise.all([thox(['run', 'compat#']), thox(['run', '--runtime', 'native', 'compat#hello'])]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('compat#');
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/two runtimes/);
    expect(two.stdout).toBe('');
  });

  const BAD_FLAGS: Array<[string[], RegExp]> = [
    [['--quantum', 'abc'], /--quantum.*abc/s],
    [['--quantum', '5'], /--quantum.*\b5\b/s],
    [['--quantum', '1.5'], /--quantum/],
    [['--memory-limit', '12X'], /--memory-limit.*12X/s],
    [['--memory-limit', '100K'], /--memory-limit.*256K/s],
    [['--memory-limit', '3G'], /--memory-limit/],
    [['--vm', 'luajit'], /--vm.*luajit.*wasmoon.*fengari/s],
    [['--trace-format', 'xml'], /--trace-format.*xml.*text.*jsonl.*chrome/s],
    [['--timeout', '-1'], /--timeout.*-1/s],
    [['--timeout', '0'], /--timeout/],
    [['--timeout', 'abc'], /--timeout.*abc/s],
    [['--seed', '-1'], /--seed/],
    [['--policy', 'fifo'], /--policy.*fifo/s],
    [['--bogus'], /unknown option '--bogus'/],
  ];
  for (const [flags, message] of BAD_FLAGS) {
    it(`a bad flag value (${flags.join(' ')}): status 2, saying what is wrong`, async ({ expect }) => {
      const r = await thox(['run', ...flags, 'hello']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe(''); // the program does not run
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(JS_STACK);
    });
  }

  it('a fractional --memory-limit that rounds to 0 bytes is refused, not taken as "no limit"', async ({ expect }) => {
    const r = await thox(['run', '--memory-limit', '0.5', 'hello']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--memory-limit/);
  });

  it('a --store that is not a folder is a store error, not an internal error', async ({ expect }) => {
    const file = join(tmp, 'not-a-store');
    writeFileSync(file, 'x');
    const r = await thox(['run', '--store', file, 'hello']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^thox: cannot read programs\/hello in the store: programs is not a folder$/m);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('an unwritable --trace file is a usage error naming the file, not an internal error', async ({ expect }) => {
    const file = join(tmp, 'no', 'such', 'dir', 'out.trace');
    const r = await thox(['run', '--trace', file, 'hello']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it("thox help COMMAND: the command's help; an unknown one is an error naming it (status 2)", async ({ expect }) => {
    const [unknown, unknownSub, run, put] = await Promise.all([
      thox(['help', 'frobnicate']),
      thox(['help', 'store', 'frob']),
      thox(['help', 'run']),
      thox(['help', 'store', 'put']),
    ]);
    for (const r of [unknown, unknownSub]) {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/Commands:/);
    }
    expect(unknown.stderr).toMatch(/^error: unknown command 'frobnicate'$/m);
    expect(unknownSub.stderr).toMatch(/^error: unknown command 'frob'$/m);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: thox run /);
    expect(put.status).toBe(0);
    expect(put.stdout).toMatch(/^Usage: thox store put /);
  });

  it('an empty --trace or --store is a usage error (status 2), not a silent default', async ({ expect }) => {
    const runs = await Promise.all([thox(['run', '--trace', '', 'hello']), thox(['run', '--store', '', 'hello']), thox(['store', 'ls', '--store', ''])]);
    for (const r of runs) {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/argument '' is invalid\. expected a path, got an empty one/);
    }
  });

  it('--quantum above 1000000 is refused: the host could not answer Ctrl-C or --timeout in time', async ({ expect }) => {
    const [over, max] = await Promise.all([thox(['run', '--quantum', '1000001', 'hello']), thox(['run', '--quantum', '1000000', 'hello'])]);
    expect(over.status).toBe(2);
    expect(over.stderr).toMatch(/expected a number from 100 to 1000000, got '1000001'/);
    expect(max.status).toBe(0);
  });

  it('numbers in messages are shown as typed, never in JavaScript spellings', async ({ expect }) => {
    const runs = await Promise.all([
      thox(['run', '--seed', '9223372036854775807', 'hello']),
      thox(['run', '--quantum', '99999999999999999999999', 'hello']),
      thox(['run', '--timeout', 'Infinity', 'hello']),
      thox(['run', '--timeout', '1e400', 'hello']),
      thox(['run', '--timeout', 'NaN', 'hello']),
    ]);
    for (const r of runs) {
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/got (?:NaN|Infinity|[\d.]+e\+)|9223372036854776000/);
    }
    expect(runs[0].stderr).toMatch(/got '9223372036854775807'/);
    expect(runs[1].stderr).toMatch(/got '99999999999999999999999'/);
    const timedOut = await thox(['run', '--deterministic', '--timeout', '0.50', fixture('infinite_loop')]);
    expect(timedOut.status).toBe(124);
    expect(timedOut.stderr).toMatch(/^thox: timed out after 0\.50 s of virtual time$/m);
  });

  it('a directory given as the program is reported as a directory, not as missing', async ({ expect }) => {
    const r = await thox(['run', 'test/lua']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("thox: 'test/lua' is a directory, not a program (give a .lua file in it, or a program name)\n");
  });

  it('missing program argument and unknown command: status 2', async ({ expect }) => {
    const [none, unknown] = await Promise.all([thox(['run']), thox(['frobnicate'])]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'program'/);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('--help: status 0, lists the options and the exit statuses; --version prints it', async ({ expect }) => {
    const [runHelp, topHelp, version] = await Promise.all([thox(['run', '--help']), thox(['--help']), thox(['--version'])]);
    expect(runHelp.status).toBe(0);
    for (const option of [
      '--vm',
      '--runtime',
      '--quantum',
      '--deterministic',
      '--seed',
      '--policy',
      '--trace',
      '--trace-format',
      '--memory-limit',
      '--timeout',
      '--debug',
    ]) {
      expect(runHelp.stdout).toContain(option);
    }
    expect(runHelp.stdout).toMatch(/Exit status/);
    expect(runHelp.stdout).toMatch(/124/);
    expect(runHelp.stdout).toMatch(/137/);
    const help = runHelp.stdout.replace(/\s+/g, ' '); // as one line, whatever the wrapping
    expect(help).toMatch(/--vm <engine> Lua engine \(choices: "wasmoon", "fengari", default: "wasmoon"\)/);
    expect(help).toMatch(/--policy <name> scheduling policy \(choices: "round-robin", "random", default: "round-robin"\)/);
    expect(help).toMatch(/--trace-format <format> [^(]*\(choices: "text", "jsonl", "chrome"\)/);
    expect(help).toMatch(/--quantum <instructions> [^(]*100 to 1000000 \(default: 10000\)/);
    expect(help).toMatch(/--seed <n> [^-]*0 to 4294967295/);
    expect(help).toMatch(/--memory-limit <size> [^(]*\(default: 64M\)/);
    expect(help).toMatch(/143 on SIGTERM/);
    expect(topHelp.status).toBe(0);
    expect(topHelp.stdout).toMatch(/\brun\b/);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe.concurrent('thox run: limits, timeouts, deadlock, signals', () => {
  it('--timeout 1 stops an infinite loop with status 124, not before the second is up', async ({ expect }) => {
    const r = await thox(['run', '--timeout', '1', fixture('infinite_loop')], { timeout: 30_000 });
    expect(r.timedOut, 'the run outlived its --timeout by 29 s').toBe(false);
    expect(r.status).toBe(124);
    expect(r.stdout).toBe('ready\n');
    expect(r.stderr).toMatch(/timed out after 1 s/);
    expect(r.ms).toBeGreaterThanOrEqual(900);
  });

  it('--deterministic --timeout 86400 on a program sleeping 100 s at a time: 124 (virtual time, not a real day)', async ({ expect }) => {
    const r = await thox(['run', '--deterministic', '--timeout', '86400', fixture('sleep_forever')], { timeout: 30_000 });
    expect(r.timedOut, 'the timeout ran on real time').toBe(false);
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/timed out after 86400 s of virtual time/);
  });

  it('--memory-limit 4M: an ever-growing table is killed, status 137, "out of memory"', async ({ expect }) => {
    const r = await thox(['run', '--memory-limit', '4M', fixture('memory_bomb')]);
    expect(r.status).toBe(137);
    expect(r.stderr).toMatch(/out of memory/);
    expect(r.stderr).not.toMatch(JS_STACK);
  });

  it('a child that runs out of memory is killed; its parent in the same run keeps running', async ({ expect }) => {
    const r = await thox(['run', '--memory-limit', '4M', fixture('memory_child')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('child\t137\tkilled\tout of memory\nparent still running\t5000050000\n');
    expect(r.status).toBe(0);
  });

  it('a pathological pattern does not hang: non-zero, "too long without yielding"', async ({ expect }) => {
    const r = await thox(['run', fixture('pattern_bomb')], { timeout: 20_000 });
    expect(r.timedOut, 'the pattern match hung').toBe(false);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/too long without yielding/);
  });

  it('a deadlock (os.pull on an event nobody queues): status 3, "deadlock"', async ({ expect }) => {
    const r = await thox(['run', fixture('deadlock')]);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/deadlock/);
    expect(r.stderr).toMatch(/pull/);
  });

  const STOPS: Array<[NodeJS.Signals, number, string]> = [
    ['SIGINT', 130, 'thox: interrupted'],
    ['SIGTERM', 143, 'thox: terminated (SIGTERM)'],
  ];
  for (const vm of ['wasmoon', 'fengari']) {
    for (const [signal, status, message] of STOPS) {
      it(`${signal} (${vm}): status ${status}, "${message}", and the trace is written`, async ({ expect }) => {
        const file = join(tmp, `${signal}-${vm}.trace`);
        let sent = false;
        const r = await thox(['run', '--vm', vm, '--trace', file, fixture('infinite_loop')], {
          onStdout: (_chunk, child) => {
            if (!sent) {
              sent = true;
              child.kill(signal);
            }
          },
        });
        expect(sent).toBe(true);
        expect(r.status).toBe(status);
        expect(r.stderr).toBe(`${message}\n`);
        const trace = readFileSync(file, 'utf8');
        expect(trace).toMatch(/^t=\S+ #000001 spawn +pid=1 /);
        expect(trace).toMatch(/ kill +pid=1 /);
      });
    }
  }

  it.skipIf(!existsSync('/proc/self/stat'))(
    'a real-clock --timeout ends a run held back by a paused reader: 124, the trace written before the reader resumes',
    async ({ expect }) => {
      const file = join(tmp, 'paused-timeout.trace');
      const child = spawn(process.execPath, [CLI, 'run', '--timeout', '1', '--trace', file, fixture('print_forever')], {
        cwd: ROOT,
        env: { ...process.env, THOX_STORE: ISOLATED_STORE },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.pause();
      // the timeout counts from the kernel's start, which a loaded machine may delay: wait for the trace (the
      // test's own timeout bounds the wait), with the reader still paused
      const killed = / kill +pid=1 .*reason=timeout$/m;
      while (!killed.test(existsSync(file) ? readFileSync(file, 'utf8') : '')) await new Promise((resolve) => setTimeout(resolve, 200));
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => {
        stderr += String(c);
      });
      child.stdout.resume();
      const status = await new Promise((resolve) => child.on('close', resolve));
      expect(status).toBe(124);
      expect(stderr).toBe('thox: timed out after 1 s\n');
    },
  );

  for (const [vm, count] of [
    ['wasmoon', 300_000],
    ['fengari', 100_000],
  ] as const) {
    it.skipIf(!existsSync('/proc/self/stat'))(
      `a reader that pauses (${vm}): the run waits for it instead of buffering the output, then all of it arrives in order`,
      async ({ expect }) => {
        const file = join(tmp, `paused-${vm}.trace`);
        const child = spawn(process.execPath, [CLI, 'run', '--vm', vm, '--trace', file, fixture('print_lines'), String(count)], {
          cwd: ROOT,
          env: { ...process.env, THOX_STORE: ISOLATED_STORE },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.pause();
        // Once thox sits idle, either it holds back (the run is not over: its trace is not written yet)
        // or it has buffered the whole output (10-30 MB) and ended the run, trace written, awaiting a flush.
        await idle(child.pid!);
        expect(readFileSync(file, 'utf8'), 'the run ended while its reader was paused').toBe('');
        const chunks: Buffer[] = [];
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => chunks.push(c));
        child.stdout.resume();
        child.stderr.on('data', (c: Buffer) => {
          stderr += String(c);
        });
        const status = await new Promise((resolve) => child.on('close', resolve));
        expect(stderr).toBe('');
        expect(status).toBe(0);
        const out = Buffer.concat(chunks).toString('latin1').split('\n');
        expect(out.pop()).toBe('');
        expect(out).toHaveLength(count);
        const expected = (i: number): string => String(i + 1).padStart(6, '0') + '.'.repeat(92);
        expect(
          out.findIndex((line, i) => line !== expected(i)),
          'the first line missing or out of order',
        ).toBe(-1);
        expect(readFileSync(file, 'utf8')).toMatch(/ exit +pid=1 code=0/);
      },
    );
  }

  it('a reader that goes away (closed stdout pipe) ends the run quietly, without a JavaScript stack', async ({ expect }) => {
    let closed = false;
    const r = await thox(['run', fixture('print_forever')], {
      timeout: 15_000,
      onStdout: (_chunk, child) => {
        if (!closed) {
          closed = true;
          child.stdout!.destroy();
        }
      },
    });
    expect(closed).toBe(true);
    expect(r.timedOut, 'thox kept running after its stdout was closed').toBe(false);
    expect(r.stderr).not.toMatch(JS_STACK);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe.concurrent('thox run: determinism and traces', () => {
  it('--deterministic --seed 7: byte-identical text traces and stdout across runs', async ({ expect }) => {
    const a = join(tmp, 'a.trace');
    const b = join(tmp, 'b.trace');
    const [ra, rb] = await Promise.all([
      thox(['run', '--deterministic', '--seed', '7', '--trace', a, 'three_counters']),
      thox(['run', '--deterministic', '--seed', '7', '--trace', b, 'three_counters']),
    ]);
    expect(ra.status).toBe(0);
    expect(rb.status).toBe(0);
    expect(ra.stdout).toBe(rb.stdout);
    expect(ra.stdout.endsWith('total 900000\n')).toBe(true);
    const ta = readFileSync(a);
    const tb = readFileSync(b);
    expect(ta.equals(tb)).toBe(true);
    const text = ta.toString('utf8');
    expect(text).toMatch(/^t=\d+\.\d{3} #000001 spawn +pid=1 /);
    expect(text).toMatch(/ preempt +pid=1 tid=\d+ /);
    expect(text).toMatch(/ exit +pid=1 code=0/);
  });

  it('--trace-format jsonl (and a .jsonl name): one JSON object per line', async ({ expect }) => {
    const named = join(tmp, 'out.jsonl');
    const forced = join(tmp, 'forced.trace');
    const runs = await Promise.all([
      thox(['run', '--deterministic', '--seed', '7', '--trace', named, 'three_counters']),
      thox(['run', '--deterministic', '--seed', '7', '--trace', forced, '--trace-format', 'jsonl', 'three_counters']),
    ]);
    for (const r of runs) expect(r.status).toBe(0);
    for (const file of [named, forced]) {
      const text = readFileSync(file, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const objects = text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(objects.length).toBeGreaterThan(10);
      for (const o of objects) {
        expect(typeof o).toBe('object');
        expect(o).not.toBeNull();
        expect(Array.isArray(o)).toBe(false);
        expect(typeof o.kind).toBe('string');
      }
      expect(objects[0]).toMatchObject({ seq: 1, kind: 'spawn', pid: 1 });
    }
    expect(readFileSync(named, 'utf8')).toBe(readFileSync(forced, 'utf8'));
  });

  it('JSON-lines and Chrome traces carry times rounded to the microsecond (no float noise)', async ({ expect }) => {
    const jsonl = join(tmp, 'round.jsonl');
    const chrome = join(tmp, 'round.json');
    const runs = await Promise.all([thox(['run', '--trace', jsonl, 'three_counters']), thox(['run', '--trace', chrome, 'three_counters'])]);
    for (const r of runs) expect(r.status).toBe(0);
    const events = readFileSync(jsonl, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: number });
    expect(
      events.some((e) => !Number.isInteger(e.t)),
      'a real-clock run has fractional times',
    ).toBe(true);
    for (const e of events) expect(String(e.t)).toMatch(/^\d+(?:\.\d{1,3})?$/);
    const doc = JSON.parse(readFileSync(chrome, 'utf8')) as { traceEvents: Array<{ ts: number; dur?: number }> };
    for (const e of doc.traceEvents) {
      expect(Number.isInteger(e.ts)).toBe(true);
      if (e.dur !== undefined) expect(Number.isInteger(e.dur)).toBe(true);
    }
  });

  it('a .json trace is Chrome trace-event JSON with traceEvents and "X" slices', async ({ expect }) => {
    const file = join(tmp, 'out.json');
    const r = await thox(['run', '--deterministic', '--seed', '7', '--trace', file, 'three_counters']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: Array<{ ph: string; dur?: number }> };
    expect(Array.isArray(doc.traceEvents)).toBe(true);
    const slices = doc.traceEvents.filter((e) => e.ph === 'X');
    expect(slices.length).toBeGreaterThan(0);
    for (const s of slices) expect(s.dur).toBeGreaterThanOrEqual(0);
  });

  it('--seed N makes math.random repeatable', async ({ expect }) => {
    const [a, b, c] = await Promise.all([
      thox(['run', '--seed', '7', fixture('random')]),
      thox(['run', '--seed', '7', fixture('random')]),
      thox(['run', '--seed', '8', fixture('random')]),
    ]);
    for (const r of [a, b, c]) expect(r.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });
});

describe.concurrent('thox run: the sandbox and the engines', () => {
  it('host access is absent and binary chunks are refused', async ({ expect }) => {
    const r = await thox(['run', fixture('sandbox')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(Array(7).fill('nil').join('\t'));
    expect(out[1]).toBe(Array(6).fill('nil').join('\t'));
    expect(out[2]).toMatch(/^load\tnil\t.*attempt to load a binary chunk/);
    expect(out[3]).toMatch(/^load b\ttrue\tnil\tattempt to load a binary chunk \(thox loads only what string.dump made in this process\)$/);
  });

  it('--vm fengari runs hello on Lua 5.3', async ({ expect }) => {
    const [plain, withArg] = await Promise.all([thox(['run', '--vm', 'fengari', 'hello']), thox(['run', '--vm', 'fengari', 'hello', 'you'])]);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toBe('Hello, world! (pid 1, Lua 5.3)\n');
    expect(plain.status).toBe(0);
    expect(withArg.stdout).toBe('Hello, you! (pid 1, Lua 5.3)\n');
    expect(withArg.status).toBe(0);
  });

  it('--vm fengari contains a memory bomb in its worker: status 137, "out of memory", the host survives', async ({ expect }) => {
    const r = await thox(['run', '--vm', 'fengari', '--memory-limit', '16M', fixture('memory_bomb')], { timeout: 150_000 });
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(137);
    expect(r.stderr).toMatch(/^thox: out of memory: fengari cannot limit one process, so the whole run was stopped at its 128 MB heap$/m);
    expect(r.stderr).not.toMatch(JS_STACK);
  }, 180_000);

  it('--vm fengari reports a runtime error like wasmoon: status 1, file:line, traceback, no JavaScript stack', async ({ expect }) => {
    const r = await thox(['run', '--vm', 'fengari', fixture('runtime_error')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^runtime_error\.lua:5: attempt to index a nil value/m);
    expect(r.stderr).toContain('stack traceback:');
    expect(r.stderr).not.toMatch(JS_STACK);
  });
});
