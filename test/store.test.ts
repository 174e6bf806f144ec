// The store: both backends against one suite, atomic writes under SIGKILL (a child process through the
// built directory backend: run `npx tsc -p .` first), layering, names, data streams, the lock table.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BadNameError,
  BadNamespaceError,
  checkName,
  DirectoryBackend,
  entryName,
  FACTORY_ROOT,
  FactoryLayer,
  factoryLayer,
  FactoryLoader,
  LockError,
  LockTable,
  MAX_ENTRY_SIZE,
  MemoryBackend,
  memoryStore,
  MissingEntryError,
  parseEntryRef,
  ReadOnlyError,
  Store,
  StoreArgumentError,
  storeDirectory,
  StoreIoError,
  StoreLoader,
  TooLargeError,
  type Backend,
  type Grant,
  type LockMode,
} from '../src/store/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thox-store-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Every byte value once, as a byte string. */
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

const BAD_NAMES: Array<[string, RegExp]> = [
  ['', /empty/],
  ['..', /no '\/' or '\.\.'/],
  ['a..b', /no '\/' or '\.\.'/],
  ['a/b', /'a\/b'/],
  ['../etc/passwd', /no '\/'/],
  ['.hidden', /not first/],
  ['tab\there', /'tab\\x09here'/],
  ['nl\n', /'nl\\x0a'/],
  ['nul\0', /'nul\\x00'/],
  ['sp ace', /bad/],
  ['a\\b', /bad/],
  ['é', /'\\xe9'/],
  ['x'.repeat(65), /longer than 64 characters/],
];

// ------------------------------------------------------------------------------------------------
// Backends: one suite, both implementations.
// ------------------------------------------------------------------------------------------------

const BACKENDS: Array<[string, () => Backend]> = [
  ['memory', () => new MemoryBackend()],
  ['directory', () => new DirectoryBackend(join(tempDir(), 'store'))],
];

describe.each(BACKENDS)('%s backend', (_kind, make) => {
  it('has nothing at first: get null, size null, read empty, remove false, list empty', () => {
    const b = make();
    expect(b.get('programs', 'x')).toBeNull();
    expect(b.size('programs', 'x')).toBeNull();
    expect(b.read('data', 'x', 0, 10)).toBe('');
    expect(b.remove('programs', 'x')).toBe(false);
    expect(b.list('programs')).toEqual([]);
  });

  it('round-trips every byte value, and replaces a value whole', () => {
    const b = make();
    b.put('data', 'bytes', ALL_BYTES);
    expect(b.get('data', 'bytes')).toBe(ALL_BYTES);
    expect(b.size('data', 'bytes')).toBe(256);
    b.put('data', 'bytes', 'short');
    expect(b.get('data', 'bytes')).toBe('short');
    b.put('data', 'bytes', '');
    expect(b.get('data', 'bytes')).toBe('');
    expect(b.size('data', 'bytes')).toBe(0);
  });

  it('keeps namespaces apart and lists by name with sizes', () => {
    const b = make();
    b.put('programs', 'zeta', 'zz');
    b.put('programs', 'alpha', 'a');
    b.put('programs', 'Beta', 'bbb');
    b.put('libraries', 'alpha', 'library');
    expect(b.list('programs')).toEqual([
      { name: 'Beta', size: 3 },
      { name: 'alpha', size: 1 },
      { name: 'zeta', size: 2 },
    ]);
    expect(b.list('libraries')).toEqual([{ name: 'alpha', size: 7 }]);
    expect(b.list('services')).toEqual([]);
    expect(b.get('libraries', 'alpha')).toBe('library');
  });

  it('removes an entry', () => {
    const b = make();
    b.put('services', 'web', 'w');
    expect(b.remove('services', 'web')).toBe(true);
    expect(b.get('services', 'web')).toBeNull();
    expect(b.remove('services', 'web')).toBe(false);
    expect(b.list('services')).toEqual([]);
  });

  it('reads ranges: fewer bytes at the end, none past it', () => {
    const b = make();
    b.put('data', 's', 'hello world');
    expect(b.read('data', 's', 0, 5)).toBe('hello');
    expect(b.read('data', 's', 6, 100)).toBe('world');
    expect(b.read('data', 's', 11, 1)).toBe('');
    expect(b.read('data', 's', 50, 1)).toBe('');
    expect(b.read('data', 's', 3, 0)).toBe('');
    expect(() => b.read('data', 's', -1, 1)).toThrow(StoreArgumentError);
    expect(() => b.read('data', 's', 0, 1.5)).toThrow(StoreArgumentError);
  });

  it.each(BAD_NAMES)('refuses the bad name %j on every operation', (name, message) => {
    const b = make();
    for (const op of [
      () => b.get('programs', name),
      () => b.size('programs', name),
      () => b.put('programs', name, 'x'),
      () => b.remove('programs', name),
      () => b.read('data', name, 0, 1),
    ])
      expect(op).toThrow(message);
    expect(() => b.get('programs', name)).toThrow(BadNameError);
  });

  it('refuses a bad namespace', () => {
    const b = make();
    expect(() => b.get('..' as never, 'x')).toThrow(BadNamespaceError);
    expect(() => b.put('etc' as never, 'x', 'y')).toThrow(/unknown namespace 'etc' \(namespaces: programs, libraries, runtimes, services, data\)/);
    expect(() => b.list('' as never)).toThrow(BadNamespaceError);
  });

  it('refuses a value that is not a byte string or is over the size limit', () => {
    const b = make();
    expect(() => b.put('data', 'x', 'snow \u2603')).toThrow(/not a byte string/);
    expect(() => b.put('data', 'x', 42 as never)).toThrow(StoreArgumentError);
    expect(() => b.put('data', 'x', 'x'.repeat(MAX_ENTRY_SIZE + 1))).toThrow(TooLargeError);
    expect(b.get('data', 'x')).toBeNull();
  });
});

// ------------------------------------------------------------------------------------------------
// The directory backend's own guarantees.
// ------------------------------------------------------------------------------------------------

describe('directory backend', () => {
  it('keeps one file per entry at ROOT/NAMESPACE/NAME, creating folders only on the first write', () => {
    const root = join(tempDir(), 'not', 'yet');
    const b = new DirectoryBackend(root);
    expect(b.get('programs', 'p')).toBeNull();
    expect(b.list('programs')).toEqual([]);
    expect(existsSync(root)).toBe(false);
    b.put('programs', 'p', ALL_BYTES);
    expect(readFileSync(join(root, 'programs', 'p'))).toEqual(Buffer.from(ALL_BYTES, 'latin1'));
    expect(readdirSync(join(root, 'programs'))).toEqual(['p']); // no temporary file left behind
  });

  it('works with fsync off too (still atomic: temp file and rename)', () => {
    const root = tempDir();
    const b = new DirectoryBackend(root, { fsync: false });
    b.put('data', 'd', 'v1');
    b.put('data', 'd', 'v2');
    expect(b.get('data', 'd')).toBe('v2');
    expect(readdirSync(join(root, 'data'))).toEqual(['d']);
  });

  it('ignores files that are not entries, and removes temporary files a dead writer left', () => {
    const root = tempDir();
    mkdirSync(join(root, 'data'), { recursive: true });
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const dead = `.d.${deadPid}.0123abcd.tmp`;
    const live = `.d.${process.pid}.89abcdef.tmp`;
    const old = `.d.${process.pid}.deadbeef.tmp`;
    for (const f of [dead, live, old, 'bad name', '.dotfile']) writeFileSync(join(root, 'data', f), 'partial');
    utimesSync(join(root, 'data', old), new Date(0), new Date(0));
    mkdirSync(join(root, 'data', 'folder'));
    const b = new DirectoryBackend(root);
    expect(b.list('data')).toEqual([]);
    expect(b.get('data', 'd')).toBeNull();
    expect(readdirSync(join(root, 'data')).sort()).toEqual(['.dotfile', live, 'bad name', 'folder'].sort());
  });

  it('says which entry failed when the host refuses, without host paths', () => {
    const root = tempDir();
    mkdirSync(join(root, 'programs', 'p'), { recursive: true });
    const b = new DirectoryBackend(root);
    expect(() => b.get('programs', 'p')).toThrow(StoreIoError);
    expect(() => b.put('programs', 'p', 'x')).toThrow(/^cannot write programs\/p in the store: /);
    writeFileSync(join(root, 'data'), 'a file where a folder should be');
    expect(() => b.put('data', 'x', 'y')).toThrow(/cannot create the data folder of the store/);
  });

  it('a writer killed (SIGKILL) in the middle of a write loop leaves a whole value, never a torn one', async () => {
    const script = writeChild();
    for (let round = 0; round < 4; round++) {
      const root = tempDir();
      const progress = await runAndKill(script, root, 'put', 150 + 40 * round);
      expect(progress).toBeGreaterThanOrEqual(2);
      const raw = readFileSync(join(root, 'data', 'x'), 'latin1');
      expect(['a'.repeat(65536), 'b'.repeat(100_000), 'c', 'd'.repeat(300_000)]).toContain(raw);
      const b = new DirectoryBackend(root);
      expect(b.list('data')).toEqual([{ name: 'x', size: raw.length }]);
      expect(readdirSync(join(root, 'data'))).toEqual(['x']); // the dead writer's temp file (if any) is cleaned
    }
  });

  it('a stream appender killed (SIGKILL) leaves a stream of whole appends', async () => {
    const script = writeChild();
    for (let round = 0; round < 3; round++) {
      const root = tempDir();
      await runAndKill(script, root, 'append', 200);
      const value = new DirectoryBackend(root).get('data', 'log') ?? '';
      expect(value.length % 1000).toBe(0);
      expect(value).toBe(Array.from({ length: value.length / 1000 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(1000)).join(''));
    }
  });
});

/** The child of the atomicity tests: loops writing through the built directory backend, printing progress. */
function writeChild(): string {
  const dist = join(ROOT, 'dist', 'store', 'index.js');
  if (!existsSync(dist)) throw new Error('dist/store/index.js is missing: build first (npx tsc -p .)');
  const file = join(tempDir(), 'writer.mjs');
  writeFileSync(
    file,
    `
    import { DirectoryBackend, Store } from ${JSON.stringify(pathToFileURL(dist).href)};
    const [root, mode] = process.argv.slice(2);
    const backend = new DirectoryBackend(root);
    const values = ['a'.repeat(65536), 'b'.repeat(100000), 'c', 'd'.repeat(300000)];
    const stream = new Store(backend).stream('log');
    for (let i = 0; ; i++) {
      if (mode === 'put') backend.put('data', 'x', values[i % values.length]);
      else stream.append(String.fromCharCode(97 + (i % 26)).repeat(1000));
      process.stdout.write(i + '\\n');
    }
  `,
  );
  return file;
}

/** Starts the child, lets it write for `ms` after its third whole write (slow disks included), kills it with SIGKILL; returns its last progress. */
function runAndKill(script: string, root: string, mode: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, root, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = -1;
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!; // a line cut in two by the pipe waits for its end
      if (lines.length > 0) last = Number(lines[lines.length - 1]);
      if (last >= 2) timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed: ${err}`));
      else resolve(last);
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Names and location.
// ------------------------------------------------------------------------------------------------

describe('names', () => {
  it.each(['a', 'hello', 'bench_fib', 'a.b', 'x-y', '_', '-', '9', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(checkName('program', name)).toBe(name);
  });

  it.each(BAD_NAMES)('refuses %j with a clear message', (name, message) => {
    expect(() => checkName('program', name)).toThrow(message);
    expect(() => checkName('program', name)).toThrow(/^bad program name/);
  });

  it('drops one .lua in the code namespaces, keeps it in data', () => {
    expect(entryName('programs', 'hello.lua')).toBe('hello');
    expect(entryName('libraries', 'a.b.lua')).toBe('a.b');
    expect(entryName('runtimes', 'compat')).toBe('compat');
    expect(() => entryName('services', 'x.lua.lua')).toThrow(/bad service name 'x.lua.lua': ends in .lua twice/); // 'x.lua' would mean 'x'
    expect(entryName('data', 'notes.lua')).toBe('notes.lua');
    expect(() => entryName('programs', '.lua')).toThrow(/bad program name '.lua'/);
    expect(() => entryName('data', '../x')).toThrow(/^bad data stream name/);
  });

  it('parses NAMESPACE/NAME, naming the namespaces when it cannot', () => {
    expect(parseEntryRef('programs/hello.lua')).toEqual({ namespace: 'programs', name: 'hello' });
    expect(parseEntryRef('data/a.b')).toEqual({ namespace: 'data', name: 'a.b' });
    expect(() => parseEntryRef('hello')).toThrow(/expected NAMESPACE\/NAME .*namespaces: programs, libraries, runtimes, services, data/);
    expect(() => parseEntryRef('bin/ls')).toThrow(/unknown namespace 'bin'/);
    expect(() => parseEntryRef('programs/a/b')).toThrow(/bad program name 'a\/b'/);
    expect(() => parseEntryRef('programs/')).toThrow(/empty/);
  });

  it('finds the store: --store, else $THOX_STORE, else $XDG_DATA_HOME/thox, else ~/.local/share/thox', () => {
    const home = (): string => '/home/ada';
    expect(storeDirectory('/s', { THOX_STORE: '/t', XDG_DATA_HOME: '/x' }, home)).toBe('/s');
    expect(storeDirectory('rel', {}, home)).toBe(join(process.cwd(), 'rel'));
    expect(storeDirectory(undefined, { THOX_STORE: '/t', XDG_DATA_HOME: '/x' }, home)).toBe('/t');
    expect(storeDirectory(undefined, { THOX_STORE: '', XDG_DATA_HOME: '/x' }, home)).toBe('/x/thox');
    expect(storeDirectory(undefined, { XDG_DATA_HOME: 'relative' }, home)).toBe('/home/ada/.local/share/thox');
    expect(storeDirectory(undefined, {}, home)).toBe('/home/ada/.local/share/thox');
  });
});

// ------------------------------------------------------------------------------------------------
// Layers.
// ------------------------------------------------------------------------------------------------

/** A factory tree: programs (one direct, two in folders, one shadowed by a direct one), a runtime, a library, a service. */
function factoryRoot(): string {
  const root = tempDir();
  const files: Record<string, string> = {
    'programs/a.lua': 'direct a',
    'programs/sub/a.lua': 'folder a',
    'programs/sub/b.lua': 'folder b',
    'programs/zsub/c.lua': 'folder c',
    'programs/sub/deep/d.lua': 'too deep',
    'programs/README.md': 'not a program',
    'programs/bad name.lua': 'skipped',
    'runtimes/r.lua': 'runtime r',
    'store/libraries/lib.lua': 'return 1',
    'store/libraries/a.b.lua': 'return 2',
    'store/services/svc.lua': 'service',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('layers', () => {
  const layered = (): Store => new Store(new MemoryBackend(), new FactoryLayer(factoryRoot()));

  it('reads the factory layer: programs one folder deep, a direct file before a folder one', () => {
    const s = layered();
    expect(s.find('programs', 'a')).toEqual({ name: 'a', value: 'direct a', layer: 'factory' });
    expect(s.get('programs', 'b.lua')).toBe('folder b');
    expect(s.get('programs', 'c')).toBe('folder c');
    expect(s.get('programs', 'd')).toBeNull();
    expect(s.get('runtimes', 'r')).toBe('runtime r');
    expect(s.get('libraries', 'a.b')).toBe('return 2');
    expect(s.get('services', 'svc')).toBe('service');
    expect(s.list().map((e) => `${e.namespace}/${e.name} ${e.size} ${e.layer}`)).toEqual([
      'programs/a 8 factory',
      'programs/b 8 factory',
      'programs/c 8 factory',
      'libraries/a.b 8 factory',
      'libraries/lib 8 factory',
      'runtimes/r 9 factory',
      'services/svc 7 factory',
    ]);
  });

  it('a user entry shadows a factory one; removing it uncovers the factory one', () => {
    const s = layered();
    expect(s.put('programs', 'a.lua', 'user a')).toEqual({ namespace: 'programs', name: 'a', size: 6, layer: 'user (shadows factory)' });
    expect(s.put('programs', 'mine', 'user mine').layer).toBe('user');
    expect(s.find('programs', 'a')).toEqual({ name: 'a', value: 'user a', layer: 'user' });
    expect(s.stat('programs', 'a')?.layer).toBe('user (shadows factory)');
    expect(s.stat('programs', 'b')?.layer).toBe('factory');
    expect(s.stat('programs', 'nope')).toBeNull();
    expect(s.list('programs').map((e) => `${e.name}:${e.layer}`)).toEqual(['a:user (shadows factory)', 'b:factory', 'c:factory', 'mine:user']);
    expect(s.remove('programs', 'a')).toEqual({ namespace: 'programs', name: 'a', size: 8, layer: 'factory' });
    expect(s.get('programs', 'a')).toBe('direct a');
    expect(s.remove('programs', 'mine')).toBeNull();
    expect(s.get('programs', 'mine')).toBeNull();
  });

  it('refuses to remove a factory entry, or a missing one, clearly', () => {
    const s = layered();
    expect(() => s.remove('programs', 'b')).toThrow(ReadOnlyError);
    expect(() => s.remove('programs', 'b')).toThrow('programs/b is part of the factory layer (read-only)');
    expect(() => s.remove('libraries', 'nope')).toThrow(MissingEntryError);
    expect(() => s.remove('libraries', 'nope')).toThrow('no entry libraries/nope in the store');
    expect(s.get('programs', 'b')).toBe('folder b');
  });

  it('checks namespaces and names on every call', () => {
    const s = layered();
    for (const op of [
      () => s.get('programs', '../x'),
      () => s.put('programs', 'a/b', 'x'),
      () => s.remove('data', ''),
      () => s.stat('programs', 'x'.repeat(65)),
      () => s.stream('a/b'),
    ]) {
      expect(op).toThrow(BadNameError);
    }
    expect(() => s.list('bin')).toThrow(/unknown namespace 'bin' \(namespaces: programs, libraries, runtimes, services, data\)/);
    expect(() => s.get('bin', 'x')).toThrow(BadNamespaceError);
  });

  it("the real factory layer has thox's programs (folders included) and runtimes", () => {
    const s = memoryStore();
    const programs = s.list('programs').map((e) => e.name);
    expect(programs).toContain('hello');
    expect(programs).toContain('spinners');
    expect(programs).toContain('bench_fib');
    expect(s.list('runtimes').map((e) => e.name)).toEqual(expect.arrayContaining(['compat', 'native']));
    expect(s.list('data')).toEqual([]);
    expect(memoryStore({ factory: null }).list()).toEqual([]);
  });

  it('a directory user layer over the factory layer', () => {
    const root = tempDir();
    const s = new Store(new DirectoryBackend(root), new FactoryLayer(factoryRoot()));
    s.put('programs', 'a', 'from disk');
    expect(new Store(new DirectoryBackend(root), new FactoryLayer(factoryRoot())).find('programs', 'a')?.value).toBe('from disk');
  });
});

// ------------------------------------------------------------------------------------------------
// The ProgramLoader over the store.
// ------------------------------------------------------------------------------------------------

describe('StoreLoader', () => {
  const loader = (options = {}): StoreLoader => new StoreLoader(new Store(new MemoryBackend(), new FactoryLayer(factoryRoot())), options);

  it('finds programs with or without .lua, named NAME.lua; a bad name is not found', () => {
    const l = loader();
    expect(l.program('b')).toEqual({ name: 'b.lua', source: 'folder b' });
    expect(l.program('b.lua')).toEqual({ name: 'b.lua', source: 'folder b' });
    expect(l.program('sub/b')).toBeNull();
    expect(l.program('../b')).toBeNull();
    expect(l.program('nope')).toBeNull();
    l.store.put('programs', 'b', 'user b');
    expect(l.program('b')).toEqual({ name: 'b.lua', source: 'user b' });
  });

  it('starts a service by name when no program has it', () => {
    const l = loader();
    expect(l.program('svc')).toEqual({ name: 'svc.lua', source: 'service' });
    l.store.put('programs', 'svc', 'program svc');
    expect(l.program('svc')).toEqual({ name: 'svc.lua', source: 'program svc' });
  });

  it('names programs as told', () => {
    const l = loader({ programName: (name: string, layer: string) => `${layer}:${name}` });
    l.store.put('programs', 'u', 'x');
    expect(l.program('u')?.name).toBe('user:u');
    expect(l.program('a')?.name).toBe('factory:a');
  });

  it('finds runtimes in both layers and lists them', () => {
    const l = loader();
    expect(l.runtime('r')).toBe('runtime r');
    expect(l.runtime('nope')).toBeNull();
    expect(l.runtime('a/b')).toBeNull();
    l.store.put('runtimes', 'mine', 'return');
    expect(l.runtimeNames()).toEqual(['mine', 'r']);
  });

  it('finds libraries by flat name, and says what it looked for', () => {
    const l = loader();
    expect(l.library('lib')).toEqual({ source: 'return 1', where: 'libraries/lib.lua' });
    expect(l.library('a.b')).toEqual({ source: 'return 2', where: 'libraries/a.b.lua' });
    expect(l.library('missing')).toEqual({ missing: "\n\tno library 'libraries/missing.lua' in the store" });
    expect(l.library('a/b')).toEqual({ missing: "\n\tbad library name 'a/b': use letters, digits, '_', '-' and '.' (not first), no '/' or '..'" });
    l.store.put('libraries', 'lib', 'return 3');
    expect(l.library('lib')).toEqual({ source: 'return 3', where: 'libraries/lib.lua' });
  });

  it('FactoryLoader serves the shipped content alone', () => {
    const f = new FactoryLoader();
    expect(f.program('hello')?.name).toBe('hello.lua');
    expect(f.program('spinners.lua')?.source).toMatch(/\S/);
    expect(f.runtime('native')).not.toBeNull();
    expect(f.runtimeNames()).toEqual(expect.arrayContaining(['compat', 'native']));
    expect(f.program('kvd')?.source).toMatch(/key-value store daemon/);
  });

  it('ships its factory services in store/services/, where the package includes them', () => {
    const f = factoryLayer();
    expect(f.path('services', 'kvd')).toBe(join(FACTORY_ROOT, 'store', 'services', 'kvd.lua'));
    expect(f.list('programs').map((e) => e.name)).not.toContain('kvd');
    const pkg = JSON.parse(readFileSync(join(FACTORY_ROOT, 'package.json'), 'utf8')) as { files?: unknown };
    expect(pkg.files).toEqual(expect.arrayContaining(['store/', 'programs/', 'runtimes/', 'dist/', 'bin/', 'src/kernel/*.lua']));
  });
});

// ------------------------------------------------------------------------------------------------
// Data streams.
// ------------------------------------------------------------------------------------------------

describe.each(BACKENDS)('data streams (%s backend)', (_kind, make) => {
  const store = (): Store => new Store(make());

  it('starts empty; writes, overwrites, extends and zero-fills gaps', () => {
    const s = store().stream('prog');
    expect(s.size()).toBe(0);
    expect(s.read(0, 10)).toBe('');
    s.write(0, 'hello world');
    s.write(6, 'there, you');
    expect(s.read(0, 100)).toBe('hello there, you');
    s.write(0, 'J');
    expect(s.read(0, 5)).toBe('Jello');
    s.write(20, '!');
    expect(s.size()).toBe(21);
    expect(s.read(14, 100)).toBe('ou\0\0\0\0!');
    s.write(3, '');
    expect(s.size()).toBe(21);
  });

  it('appends and truncates (cutting, and extending with zero bytes)', () => {
    const s = store().stream('log');
    expect(s.append('one ')).toBe(4);
    expect(s.append('two')).toBe(7);
    expect(s.append('')).toBe(7);
    s.truncate(3);
    expect(s.read(0, 10)).toBe('one');
    s.truncate(5);
    expect(s.read(0, 10)).toBe('one\0\0');
    s.truncate(0);
    expect(s.size()).toBe(0);
  });

  it('refuses bad offsets and sizes, and streams over the limit', () => {
    const s = store().stream('x');
    expect(() => s.write(-1, 'a')).toThrow(StoreArgumentError);
    expect(() => s.read(0, -1)).toThrow(StoreArgumentError);
    expect(() => s.truncate(1.5)).toThrow(StoreArgumentError);
    expect(() => s.write(MAX_ENTRY_SIZE, 'a')).toThrow(TooLargeError);
    expect(() => s.truncate(MAX_ENTRY_SIZE + 1)).toThrow(/over the store's limit/);
    expect(s.size()).toBe(0);
  });

  it('one stream per program name: streams are apart, and the data namespace lists them', () => {
    const st = store();
    st.stream('a').append('aaa');
    st.stream('b').append('b');
    expect(st.list('data').map((e) => `${e.name}=${e.size}`)).toEqual(['a=3', 'b=1']);
    expect(st.get('data', 'a')).toBe('aaa');
  });

  it('a handle reads and writes at its position; seek works like Lua (set, cur, end)', () => {
    const st = store();
    const h = st.open('p');
    expect(h.position).toBe(0);
    h.write('hello world');
    expect(h.position).toBe(11);
    expect(h.read(5)).toBe('');
    expect(h.seek('set', 0)).toBe(0);
    expect(h.read(5)).toBe('hello');
    expect(h.seek()).toBe(5);
    expect(h.seek('cur', 1)).toBe(6);
    expect(h.read(100)).toBe('world');
    expect(h.seek('end', -5)).toBe(6);
    h.write('WORLD!');
    expect(st.stream('p').read(0, 100)).toBe('hello WORLD!');
    expect(h.seek('end')).toBe(12);
    expect(h.seek('set', 20)).toBe(20);
    expect(h.read(1)).toBe('');
    h.write('x');
    expect(h.size()).toBe(21);
    h.seek('set', 0);
    h.append('+');
    expect(h.position).toBe(22);
    h.truncate(5);
    expect(h.position).toBe(22);
    expect(h.size()).toBe(5);
    expect(() => h.seek('set', -1)).toThrow(/before the start of data\/p/);
    expect(() => h.seek('cur', -100)).toThrow(StoreArgumentError);
    expect(() => h.seek('middle' as never, 0)).toThrow(/bad whence 'middle' \(expected set, cur or end\)/);
    expect(() => h.seek('set', 0.5)).toThrow(StoreArgumentError);
    expect(h.position).toBe(22);
  });

  it("two handles on one stream see each other's writes", () => {
    const st = store();
    const w = st.open('shared');
    const r = st.open('shared');
    w.write('abc');
    expect(r.read(10)).toBe('abc');
    w.write('def');
    expect(r.read(10)).toBe('def');
  });
});

// ------------------------------------------------------------------------------------------------
// The lock table.
// ------------------------------------------------------------------------------------------------

describe('LockTable', () => {
  it('shares shared locks and serialises exclusive ones', () => {
    const t = new LockTable();
    expect(t.acquire('f', 1, 'shared')).toBe('granted');
    expect(t.acquire('f', 2, 'shared')).toBe('granted');
    expect(t.acquire('f', 3, 'exclusive')).toBe('queued');
    expect(t.holders('f')).toEqual([
      { holder: 1, mode: 'shared' },
      { holder: 2, mode: 'shared' },
    ]);
    expect(t.release('f', 1)).toEqual([]);
    expect(t.release('f', 2)).toEqual([{ name: 'f', holder: 3, mode: 'exclusive' }]);
    expect(t.acquire('g', 3, 'exclusive')).toBe('granted');
    expect(t.release('f', 3)).toEqual([]);
    expect(t.names()).toEqual(['g']);
  });

  it('does not let later shared requests overtake a queued exclusive one (FIFO)', () => {
    const t = new LockTable();
    t.acquire('f', 1, 'shared');
    t.acquire('f', 2, 'exclusive');
    expect(t.acquire('f', 3, 'shared')).toBe('queued');
    expect(t.acquire('f', 4, 'shared')).toBe('queued');
    expect(t.acquire('f', 5, 'exclusive')).toBe('queued');
    expect(t.release('f', 1)).toEqual([{ name: 'f', holder: 2, mode: 'exclusive' }]);
    expect(t.release('f', 2)).toEqual([
      { name: 'f', holder: 3, mode: 'shared' },
      { name: 'f', holder: 4, mode: 'shared' },
    ]);
    expect(t.waiting('f')).toEqual([{ holder: 5, mode: 'exclusive' }]);
  });

  it('cancels a wait on release, which may let the ones behind it in', () => {
    const t = new LockTable();
    t.acquire('f', 1, 'shared');
    t.acquire('f', 2, 'exclusive');
    t.acquire('f', 3, 'shared');
    expect(t.release('f', 2)).toEqual([{ name: 'f', holder: 3, mode: 'shared' }]);
  });

  it('is not re-entrant, has no upgrade, and refuses releasing nothing', () => {
    const t = new LockTable();
    t.acquire('f', 1, 'shared');
    expect(() => t.acquire('f', 1, 'shared')).toThrow("holder 1 already holds the lock 'f' (shared)");
    expect(() => t.acquire('f', 1, 'exclusive')).toThrow(LockError);
    t.acquire('f', 2, 'exclusive');
    expect(() => t.acquire('f', 2, 'exclusive')).toThrow("holder 2 already waits for the lock 'f'");
    expect(() => t.release('f', 3)).toThrow("holder 3 neither holds nor waits for the lock 'f'");
    expect(() => t.release('nope', 1)).toThrow(LockError);
    expect(() => t.acquire('f', 1.5, 'shared')).toThrow(/bad lock holder/);
    expect(() => t.acquire('f', 4, 'both' as never)).toThrow(/bad lock mode 'both'/);
  });

  it('releaseAll frees every lock and wait of a holder and grants what that unblocks', () => {
    const t = new LockTable();
    t.acquire('a', 1, 'exclusive');
    t.acquire('b', 1, 'shared');
    t.acquire('c', 2, 'exclusive');
    t.acquire('a', 2, 'shared');
    t.acquire('c', 1, 'shared');
    t.acquire('a', 3, 'shared');
    expect(t.releaseAll(1)).toEqual([
      { name: 'a', holder: 2, mode: 'shared' },
      { name: 'a', holder: 3, mode: 'shared' },
    ]);
    expect(t.names().sort()).toEqual(['a', 'c']);
    expect(t.waiting('c')).toEqual([]);
    expect(t.releaseAll(1)).toEqual([]);
    t.releaseAll(2);
    t.releaseAll(3);
    expect(t.names()).toEqual([]);
    expect(t.activeHolders()).toEqual([]);
  });

  type Op =
    | { op: 'acquire'; name: string; holder: number; mode: LockMode }
    | { op: 'release'; name: string; holder: number }
    | { op: 'releaseAll'; holder: number };
  const NAMES = ['x', 'y', 'z'];
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('acquire' as const),
        name: fc.constantFrom(...NAMES),
        holder: fc.integer({ min: 1, max: 5 }),
        mode: fc.constantFrom<LockMode>('shared', 'exclusive'),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('release' as const), name: fc.constantFrom(...NAMES), holder: fc.integer({ min: 1, max: 5 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('releaseAll' as const), holder: fc.integer({ min: 1, max: 5 }) }) },
  );

  /** Applies one op, ignoring the LockErrors the rules call for; checks what it returns against the state. */
  function apply(t: LockTable, o: Op): void {
    const before = new Map(NAMES.map((n) => [n, t.waiting(n)]));
    let grants: Grant[];
    try {
      if (o.op === 'acquire') {
        const queuedAhead = t.waiting(o.name).length > 0;
        const result = t.acquire(o.name, o.holder, o.mode);
        if (queuedAhead) expect(result).toBe('queued'); // FIFO: nobody overtakes a waiting request
        return;
      }
      grants = o.op === 'release' ? t.release(o.name, o.holder) : t.releaseAll(o.holder);
    } catch (e) {
      expect(e).toBeInstanceOf(LockError);
      return;
    }
    for (const g of grants) {
      // a grant is a request that was waiting, now holding, and was granted in arrival order
      const waited = before.get(g.name)!;
      expect(waited.some((r) => r.holder === g.holder && r.mode === g.mode)).toBe(true);
      expect(t.holders(g.name)).toContainEqual({ holder: g.holder, mode: g.mode });
    }
    for (const name of NAMES) {
      const granted = grants.filter((g) => g.name === name).map((g) => g.holder);
      const order = before
        .get(name)!
        .map((r) => r.holder)
        .filter((h) => granted.includes(h));
      expect(granted).toEqual(order);
    }
  }

  function checkInvariants(t: LockTable): void {
    for (const name of NAMES) {
      const holders = t.holders(name);
      const waiting = t.waiting(name);
      // an exclusive holder is alone
      if (holders.some((h) => h.mode === 'exclusive')) expect(holders).toHaveLength(1);
      // nobody is twice in a lock
      const ids = [...holders, ...waiting].map((r) => r.holder);
      expect(new Set(ids).size).toBe(ids.length);
      // nothing waits that could be granted: the head of the queue conflicts with the holders
      if (waiting.length > 0) {
        expect(holders.length).toBeGreaterThan(0);
        if (waiting[0].mode === 'shared') expect(holders.some((h) => h.mode === 'exclusive')).toBe(true);
      }
      // a name nobody uses is forgotten
      expect(t.names().includes(name)).toBe(ids.length > 0);
    }
  }

  it('property: an exclusive holder never coexists with another holder; FIFO; grants are real', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const t = new LockTable();
        for (const o of ops) {
          apply(t, o);
          checkInvariants(t);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: releaseAll leaves nothing of the holder behind, and releasing everyone leaves an empty table', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (ops, victim) => {
        const t = new LockTable();
        for (const o of ops) apply(t, o);
        t.releaseAll(victim);
        checkInvariants(t);
        for (const name of NAMES) {
          expect([...t.holders(name), ...t.waiting(name)].map((r) => r.holder)).not.toContain(victim);
        }
        expect(t.activeHolders()).not.toContain(victim);
        for (let h = 1; h <= 5; h++) t.releaseAll(h);
        expect(t.names()).toEqual([]);
        expect(t.activeHolders()).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
