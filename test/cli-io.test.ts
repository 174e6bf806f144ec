// `thox run` with standard input and program files as lua5.4 runs them: stdin piped to the first process, `thox run -`,
// `#!` lines and byte-order marks, UTF-8 file names in arg[0] and messages, require from the program's folder.
// Build first (`npx tsc -p .`): the built CLI (bin/thox.js) is spawned as a child process.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'thox.js');
const STORE = mkdtempSync(join(tmpdir(), 'thox-cli-io-store-'));

/** Runs `thox ...args` with `input` as its standard input (or an open pipe that is never written when null). */
function thox(args: string[], input: string | null): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, THOX_STORE: STORE }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    if (input !== null) child.stdin.end(input);
  });
}

function file(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('thox run with standard input and program files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thox-cli-io-'));

  it('gives its standard input to the first process: lines, numbers, and nil at the end', async () => {
    const sum = file(dir, 'sum.lua', 'local s = 0 for line in io.lines() do s = s + tonumber(line) end print(s, io.read())');
    const r = await thox(['run', sum], '3\n4\n');
    expect(r).toMatchObject({ status: 0, stdout: '7\tnil\n' });
    const numbers = file(dir, 'numbers.lua', 'print(io.read("n", "n")) print(io.read("a"))');
    expect((await thox(['run', '--vm', 'fengari', numbers], '1.5 0x10 rest')).stdout).toBe('1.5\t16\n rest\n');
  });

  it('passes a large input through, a chunk at a time', async () => {
    const count = file(dir, 'count.lua', 'local n, b = 0, 0 for l in io.lines() do n = n + 1 b = b + #l end print(n, b)');
    const r = await thox(['run', count], 'abcdefghi\n'.repeat(300_000));
    expect(r).toMatchObject({ status: 0, stdout: '300000\t2700000\n' });
  });

  it('reads the program itself from standard input with `thox run -`', async () => {
    const r = await thox(['run', '-', 'x', 'y'], '#!/usr/bin/env lua\nprint(arg[0], ...)\nerror("boom")\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('stdin\tx\ty\n');
    expect(r.stderr).toMatch(/^stdin:3: boom\n/);
    const contained = await thox(['run', '--vm', 'fengari', '-'], 'print(_VERSION)');
    expect(contained).toMatchObject({ status: 0, stdout: 'Lua 5.3\n' });
  });

  it('skips a byte-order mark and a #! line, keeping line numbers', async () => {
    const p = file(dir, 'bom.lua', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('#!/usr/bin/env lua\nprint("ok")\nerror("line 3")\n')]));
    const r = await thox(['run', p], '');
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).toMatch(/^bom\.lua:3: line 3\n/);
  });

  it('keeps a UTF-8 file name whole in arg[0], chunk names and tracebacks', async () => {
    const p = file(dir, 'é😀.lua', 'print(arg[0], #arg[0]) error("x")');
    const r = await thox(['run', p], '');
    expect(r.stdout).toBe('é😀.lua\t10\n');
    expect(r.stderr).toMatch(/^é😀\.lua:1: x\n/);
    expect(r.stderr).toContain('é😀.lua:1: in main chunk');
  });

  it("requires modules from the program file's folder", async () => {
    const app = join(dir, 'app');
    mkdirSync(join(app, 'sub'), { recursive: true });
    file(app, 'helper.lua', 'return { hi = "from helper" }');
    file(app, 'sub/init.lua', 'return "from sub"');
    const main = file(app, 'main.lua', 'local h, where = require "helper" print(h.hi, where, require "sub")');
    const r = await thox(['run', main], '');
    expect(r).toMatchObject({ status: 0, stdout: 'from helper\t./helper.lua\tfrom sub\t./sub/init.lua\n' });
  });
});
