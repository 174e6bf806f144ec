// `thox run`'s file system flags end to end (the built CLI): --mount, --mount-ro, --disk-size and --computer-id,
// files kept in the store between runs, and the usage errors. Needs `npx tsc -p .`, as test/cli.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'thox.js');

function thox(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'run', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))('thox run and the file system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thox-fs-cli-'));
  const store = join(dir, 'store');
  const program = (name: string, source: string): string => {
    const file = join(dir, name);
    writeFileSync(file, source);
    return file;
  };

  it('keeps each system its own tree in the store, with its capacity', () => {
    const save = program(
      'save.lua',
      `local fs = require 'fs' local f = fs.open('n', 'a') f:write((...)) f:close() print(fs.getCapacity(''), fs.getFreeSpace(''))`,
    );
    const show = program('show.lua', `local fs = require 'fs' print(fs.exists('n') and fs.open('n'):readAll())`);
    expect(thox(['--store', store, save, 'one']).stdout).toBe(`1048576\t${1048576 - 500}\n`);
    expect(thox(['--store', store, '--disk-size', '8K', save, 'two']).stdout).toBe(`8192\t${8192 - 500}\n`);
    expect(thox(['--store', store, '--computer-id', '7', save, 'three']).status).toBe(0);
    expect(thox(['--store', store, show]).stdout).toBe('onetwo\n');
    expect(thox(['--store', store, '--computer-id', '7', show]).stdout).toBe('three\n');
    expect(readdirSync(join(store, 'systems')).sort()).toEqual(['0', '7']);
    const fill = program('fill.lua', `local fs = require 'fs' local f = fs.open('big', 'w') print(pcall(f.write, f, string.rep('x', 5000)))`);
    expect(thox(['--store', store, '--disk-size', '4K', fill]).stdout).toBe('false\tfill.lua:1: Out of space\n');
  });

  it('mounts host folders, writable and read-only, and keeps programs inside them', () => {
    const host = join(dir, 'host');
    mkdirSync(host);
    writeFileSync(join(host, 'in.txt'), 'from the host');
    const use = program(
      'use.lua',
      `local fs = require 'fs'
      print(fs.open('disk/in.txt'):readAll(), table.concat(fs.list(''), ','))
      local f = fs.open('disk/out.txt', 'w') f:write('from thox') f:close()
      print(fs.open('ro/x', 'w'))
      print(pcall(fs.list, 'disk/../../..'))`,
    );
    const r = thox(['--store', join(dir, 'store2'), '--mount', `disk=${host}`, '--mount-ro', `ro=${host}`, use]);
    expect(r.stdout).toBe(['from the host\tdisk,ro,rom', 'nil\t/ro/x: Access denied', 'false\tuse.lua:5: /../..: Invalid Path', ''].join('\n'));
    expect(readFileSync(join(host, 'out.txt'), 'utf8')).toBe('from thox');
  });

  it('refuses bad flags as usage errors (status 2)', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--mount', 'disk'], /argument 'disk' is invalid\. expected PATH=HOSTDIR such as disk=\.\/files, got 'disk'/],
      [['--mount-ro', `disk=${join(dir, 'nonexistent')}`], /^thox: cannot mount '.*nonexistent' at disk: not a folder$/m],
      [['--mount', `rom=${dir}`], /^thox: cannot set up the file system: \/rom: already mounted$/m],
      [['--mount', `a:b=${dir}`], /^thox: cannot set up the file system: \/a:b: Invalid Path \(holds a control character or one of "\*:<>\?\|\)$/m],
      [['--disk-size', '1K'], /expected a disk size from 4K to 1G, got '1K'/],
      [['--computer-id', '-1'], /expected a number from 0 to 2147483647/],
    ];
    for (const [args, message] of cases) {
      const r = thox(['--store', store, ...args, 'hello']);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
