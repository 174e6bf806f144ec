// The file system device without a VM: operations and their CraftOS errors, mounts (read-only, host folders),
// capacity, the host-folder backend's confinement (symlinks, special files), and the two backends agreeing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FsError } from '../src/devices/fs-errors.js';
import { DirectoryFsBackend } from '../src/devices/fs-directory.js';
import { MemoryFsBackend } from '../src/devices/fs-memory.js';
import { memoryFileSystem, systemFileSystem } from '../src/devices/fs-setup.js';
import { ENTRY_COST, FileSystem, MAX_FIND_ENTRIES } from '../src/devices/filesystem.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'thox-fs-'));

/** The error message an operation fails with. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof FsError) return e.message;
    throw e;
  }
  throw new Error('it did not fail');
}

function writeFile(fs: FileSystem, path: string, content: string, mode: 'w' | 'a' = 'w'): void {
  const f = fs.open(path, mode);
  f.write(content);
  f.close();
}

function readFile(fs: FileSystem, path: string): string {
  const f = fs.open(path, 'r');
  const all = f.readAll();
  f.close();
  return all;
}

const backends = {
  memory: (capacity?: number) => new FileSystem(new MemoryFsBackend(), capacity),
  directory: (capacity?: number) => new FileSystem(new DirectoryFsBackend(tempDir(), { fsync: false }), capacity),
};

describe.each(Object.entries(backends))('the file system over the %s backend', (_name, make) => {
  it('makes folders, writes, reads, lists, moves, copies, finds and deletes', () => {
    const fs = make();
    fs.makeDir('a/b');
    writeFile(fs, 'a/b/x.txt', 'one\ntwo\n');
    writeFile(fs, 'a/b/x.txt', 'three\n', 'a');
    expect(readFile(fs, '/a/./b/../b/x.txt')).toBe('one\ntwo\nthree\n');
    expect([fs.exists('a'), fs.isDir('a'), fs.isDir('a/b/x.txt'), fs.size('a/b/x.txt'), fs.size('a')]).toEqual([true, true, false, 14, 0]);
    fs.copy('a', 'c');
    fs.move('a/b/x.txt', 'd/y.txt');
    expect(fs.list('')).toEqual(['a', 'c', 'd']);
    expect(fs.list('a/b')).toEqual([]);
    expect(readFile(fs, 'c/b/x.txt')).toBe('one\ntwo\nthree\n');
    expect(fs.find('*/*/*.txt')).toEqual(['c/b/x.txt']);
    expect(fs.find('?/y.*')).toEqual(['d/y.txt']);
    fs.delete('c');
    fs.delete('nothing/here');
    expect(fs.exists('c')).toBe(false);
    const at = fs.attributes('d/y.txt');
    expect([at.size, at.isDir, at.isReadOnly, typeof at.modified]).toEqual([14, false, false, 'number']);
  });

  it('fails in CraftOS words', () => {
    const fs = make();
    writeFile(fs, 'f', 'x');
    fs.makeDir('d');
    expect(failure(() => fs.open('nope', 'r'))).toBe('/nope: No such file');
    expect(failure(() => fs.list('f'))).toBe('/f: Not a directory');
    expect(failure(() => fs.list('nope'))).toBe('/nope: Not a directory');
    expect(failure(() => fs.size('nope'))).toBe('/nope: No such file');
    expect(failure(() => fs.makeDir('f'))).toBe('File exists');
    expect(failure(() => fs.makeDir('f/g'))).toBe('/f/g: Not a directory');
    expect(failure(() => fs.copy('f', 'd'))).toBe('File exists');
    expect(failure(() => fs.move('nope', 'x'))).toBe('/nope: No such file');
    expect(failure(() => fs.copy('d', 'd/e'))).toBe("Can't copy a directory inside itself");
    expect(failure(() => fs.move('d', 'd/e'))).toBe("Can't move a directory inside itself");
    expect(failure(() => fs.open('d', 'w'))).toBe('/d: Cannot write to directory');
    expect(failure(() => fs.open('d', 'r'))).toBe('/d: Is a directory');
    expect(failure(() => fs.open('../x', 'r'))).toBe('/../x: Invalid Path');
    const h = fs.open('f', 'r');
    h.close();
    expect(failure(() => h.read(1))).toBe('attempt to use a closed file');
    expect(failure(() => fs.open('f', 'r').write('x'))).toBe('file not open for writing');
    expect(failure(() => fs.open('f', 'w').read(1))).toBe('file not open for reading');
  });

  it('reads and seeks as handles do: lines, counts, the end, r+ and w+', () => {
    const fs = make();
    writeFile(fs, 'f', 'ab\ncd\n\nlast');
    const h = fs.open('f', 'r');
    expect([h.readLine(false), h.readLine(true), h.readLine(false), h.read(2), h.read(0), h.read(9), h.read(1), h.readLine(false)]).toEqual([
      'ab',
      'cd\n',
      '',
      'la',
      '',
      'st',
      null,
      null,
    ]);
    expect([h.seek('set', 1), h.read(2), h.seek('cur', -1), h.seek('end', 0), h.readAll()]).toEqual([1, 'b\n', 2, 11, '']);
    expect(failure(() => h.seek('set', -1))).toBe('Position is negative');
    const far = fs.open('far', 'w');
    far.seek('set', 2 ** 52);
    expect(failure(() => far.write('x'))).toBe('/far: File too large (over 16777216 bytes)');
    const rw = fs.open('f', 'r+');
    rw.seek('set', 1);
    rw.write('XY');
    rw.seek('end', 2);
    rw.write('!');
    rw.close();
    expect(readFile(fs, 'f')).toBe('aXYcd\n\nlast\u0000\u0000!');
    const w = fs.open('f', 'w+');
    expect(w.readAll()).toBe('');
    w.close();
    expect(fs.size('f')).toBe(0);
  });

  it('writes reach the file whole, at flush and close only', () => {
    const fs = make();
    writeFile(fs, 'f', 'old');
    const h = fs.open('f', 'w');
    h.write('new content');
    expect(readFile(fs, 'f')).toBe('old');
    h.flush();
    expect(readFile(fs, 'f')).toBe('new content');
    h.write('!');
    h.close();
    expect(readFile(fs, 'f')).toBe('new content!');
    fs.open('g', 'w');
    expect(fs.exists('g')).toBe(false);
    fs.open('g', 'w').close();
    fs.open('h', 'a').close();
    fs.open('f', 'a').close();
    expect([fs.exists('g'), fs.size('g'), fs.exists('h'), fs.size('f')]).toEqual([true, 0, true, 12]);
  });

  it('counts the capacity: entry costs, Out of space, space given back', () => {
    const fs = make(4 * ENTRY_COST);
    expect([fs.getCapacity(''), fs.getFreeSpace('')]).toEqual([2000, 2000]);
    fs.makeDir('d');
    writeFile(fs, 'd/small', 'x');
    expect(fs.getFreeSpace('')).toBe(1000);
    const h = fs.open('big', 'w');
    expect(failure(() => h.write('y'.repeat(1001)))).toBe('Out of space');
    h.write('y'.repeat(1000));
    h.close();
    expect(fs.getFreeSpace('')).toBe(0);
    expect(failure(() => fs.makeDir('e'))).toBe('Out of space');
    expect(failure(() => fs.copy('big', 'big2'))).toBe('Out of space');
    fs.delete('d');
    expect(fs.getFreeSpace('')).toBe(1000);
  });
});

it('find is cut short on a tree too big to search in one call', () => {
  const backend = new MemoryFsBackend();
  backend.makeDir(['d']);
  for (let i = 0; i <= MAX_FIND_ENTRIES; i++) backend.write(['d', `f${i}`], '');
  const fs = new FileSystem(backend, 2 ** 40);
  expect(fs.find('*/f1')).toEqual(['d/f1']);
  expect(failure(() => fs.find('d/f1*'))).toBe(`/d/f1*: too many entries to search (more than ${MAX_FIND_ENTRIES})`);
});

describe('mounts', () => {
  it('the ROM is read-only, listed at the root, and cannot be removed', () => {
    const fs = memoryFileSystem();
    expect(fs.list('')).toEqual(['rom']);
    expect([fs.isReadOnly('rom'), fs.isReadOnly('rom/README.txt'), fs.isReadOnly(''), fs.getDrive('rom'), fs.getDrive('')]).toEqual([
      true,
      true,
      false,
      'rom',
      'hdd',
    ]);
    expect(readFile(fs, 'rom/README.txt')).toMatch(/read-only ROM/);
    expect(failure(() => fs.open('rom/x', 'w'))).toBe('/rom/x: Access denied');
    expect(failure(() => fs.open('rom/README.txt', 'a'))).toBe('/rom/README.txt: Access denied');
    expect(failure(() => fs.delete('rom'))).toBe('/rom: Access denied');
    expect(failure(() => fs.delete('rom/README.txt'))).toBe('/rom/README.txt: Access denied');
    expect(failure(() => fs.makeDir('rom/d'))).toBe('/rom/d: Access denied');
    expect(failure(() => fs.move('rom/README.txt', 'r'))).toBe('/rom/README.txt: Access denied');
    fs.copy('rom/README.txt', 'r');
    expect(fs.getCapacity('rom')).toBe(null);
    expect(fs.getFreeSpace('rom')).toBe(0);
  });

  it('host folders: moves across mounts, symlinks out refused, special files and leftovers invisible', () => {
    const host = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'secret'), 'secret');
    mkdirSync(join(host, 'in'));
    writeFileSync(join(host, 'in', 'x'), 'x');
    symlinkSync(outside, join(host, 'out'));
    symlinkSync(join(outside, 'secret'), join(host, 'secret'));
    symlinkSync('in/x', join(host, 'good'));
    writeFileSync(join(host, '.x:1:abcd.tmp'), 'leftover');
    execFileSync('mkfifo', [join(host, 'fifo')]);
    const store = tempDir();
    const fs = systemFileSystem({ storeDir: store, computerId: 3, mounts: [{ path: 'disk', hostDir: host, readOnly: false }], fsync: false });
    expect(fs.list('')).toEqual(['disk', 'rom']);
    expect(fs.list('disk')).toEqual(['good', 'in']);
    expect([fs.exists('disk/out'), fs.exists('disk/out/secret'), fs.exists('disk/secret'), fs.exists('disk/fifo')]).toEqual([false, false, false, false]);
    expect(failure(() => fs.open('disk/out/secret', 'r'))).toBe('/disk/out/secret: No such file');
    expect(failure(() => fs.open('disk/out/new', 'w').close())).toBe('/disk/out: Access denied');
    expect(failure(() => fs.makeDir('disk/out/d'))).toBe('/disk/out: Access denied');
    expect(readdirSync(outside)).toEqual(['secret']);
    expect(readFile(fs, 'disk/good')).toBe('x');
    writeFile(fs, 'mine', 'kept');
    fs.move('mine', 'disk/in/mine');
    expect([readFileSync(join(host, 'in', 'mine'), 'latin1'), fs.exists('mine')]).toEqual(['kept', false]);
    fs.copy('disk/in', 'copied');
    expect(fs.list('copied')).toEqual(['mine', 'x']);
    expect(readdirSync(join(store, 'systems', '3')).sort()).toEqual(['copied']);
    expect(failure(() => fs.delete('disk'))).toBe('/disk: Access denied');
    symlinkSync('in', join(host, 'alias'));
    expect(fs.list('disk/alias')).toEqual(['mine', 'x']);
    fs.delete('disk/alias'); // the link goes, not what it points to
    expect([fs.exists('disk/alias'), fs.list('disk/in')]).toEqual([false, ['mine', 'x']]);
  });

  it('a read-only host mount refuses every change', () => {
    const host = tempDir();
    writeFileSync(join(host, 'f'), 'f');
    const fs = memoryFileSystem();
    fs.mount('ro/deep', new DirectoryFsBackend(host, { shownAt: ['ro', 'deep'] }), { readOnly: true });
    expect([fs.isDir('ro'), fs.list('ro'), fs.isReadOnly('ro/deep/f')]).toEqual([true, ['deep'], true]);
    expect(failure(() => fs.open('ro/deep/f', 'w'))).toBe('/ro/deep/f: Access denied');
    expect(failure(() => fs.delete('ro/deep/f'))).toBe('/ro/deep/f: Access denied');
    expect(failure(() => fs.delete('ro'))).toBe('/ro: Access denied');
    expect(failure(() => fs.copy('ro/deep/f', 'ro/deep/g'))).toBe('/ro/deep/g: Access denied');
    expect(readdirSync(host)).toEqual(['f']);
  });

  it("the system's tree is kept in the store: written files and used space are there next time", () => {
    const store = tempDir();
    const first = systemFileSystem({ storeDir: store, computerId: 0, capacity: 10_000, fsync: false });
    expect(readdirSync(store)).toEqual([]); // nothing is made before the first change
    writeFile(first, 'a/b', 'x'.repeat(600));
    const second = systemFileSystem({ storeDir: store, computerId: 0, capacity: 10_000 });
    expect([readFile(second, 'a/b').length, second.getFreeSpace('')]).toEqual([600, 10_000 - 500 - 600]);
    expect(readdirSync(join(store, 'systems', '0', 'a'))).toEqual(['b']); // no temporary file left behind
  });
});

describe('the two backends agree', () => {
  type Op =
    | { op: 'write' | 'append'; path: string; text: string }
    | { op: 'makeDir' | 'delete' | 'list' | 'read' | 'size' | 'exists' | 'find'; path: string }
    | { op: 'move' | 'copy'; path: string; to: string };
  const path = fc.constantFrom('a', 'b', 'a/b', 'a/c', 'b/a', 'a/b/c', 'rom/README.txt', 'rom/x', '../a', '*');
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      op: fc.constantFrom('write' as const, 'append' as const),
      path,
      text: fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.nat(1500).map((n) => 'x'.repeat(n)),
      ),
    }),
    fc.record({ op: fc.constantFrom('makeDir' as const, 'delete' as const, 'list' as const, 'read' as const, 'size' as const, 'exists' as const), path }),
    fc.record({ op: fc.constant('find' as const), path: fc.constantFrom('*', '*/*', 'a/?', '*/b*') }),
    fc.record({ op: fc.constantFrom('move' as const, 'copy' as const), path, to: path }),
  );

  /** What an operation returns or the error it fails with, and the free space after it. */
  function apply(fs: FileSystem, o: Op): unknown {
    try {
      switch (o.op) {
        case 'write':
        case 'append':
          writeFile(fs, o.path, o.text, o.op === 'write' ? 'w' : 'a');
          return null;
        case 'makeDir':
          return fs.makeDir(o.path);
        case 'delete':
          return fs.delete(o.path);
        case 'list':
          return fs.list(o.path);
        case 'read':
          return readFile(fs, o.path);
        case 'size':
          return fs.size(o.path);
        case 'exists':
          return fs.exists(o.path);
        case 'find':
          return fs.find(o.path);
        case 'move':
          return fs.move(o.path, o.to);
        case 'copy':
          return fs.copy(o.path, o.to);
      }
    } catch (e) {
      if (e instanceof FsError) return `error: ${e.message}`;
      throw e;
    }
  }

  it('on random operation sequences (results, errors, free space, the final tree)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => {
        const memory = memoryFileSystem({ capacity: 4000 });
        const directory = systemFileSystem({ storeDir: tempDir(), computerId: 0, capacity: 4000, fsync: false });
        for (const o of ops) {
          expect([apply(directory, o), directory.getFreeSpace('')], JSON.stringify(o)).toEqual([apply(memory, o), memory.getFreeSpace('')]);
        }
        expect(directory.find('*/*/*')).toEqual(memory.find('*/*/*'));
      }),
      { numRuns: 150 },
    );
  });
});
