// The store against a model: random sequences of put/get/stat/remove/list, data-stream writes, appends,
// truncations and reads, and lock requests, with good and bad names, namespaces, values and offsets, run on
// the memory and directory backends, alone and under a read-only factory layer. After every operation the
// store and the model agree (a value, or the same StoreError code: never another error). THOX_FUZZ_RUNS
// raises the number of sequences (`npm run fuzz`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DirectoryBackend,
  FactoryLayer,
  LockTable,
  MAX_ENTRY_SIZE,
  MemoryBackend,
  NAMESPACES,
  Store,
  StoreError,
  type Backend,
  type EntryInfo,
  type LockMode,
  type StoreErrorCode,
} from '../src/store/index.js';

const RUNS = Number(process.env.THOX_FUZZ_RUNS ?? 25);

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thox-store-model-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------
// The model: the store's documented rules (docs/store.md), written plainly.
// ------------------------------------------------------------------------------------------------

type Ns = (typeof NAMESPACES)[number];
type Outcome = { ok: unknown } | { error: StoreErrorCode };

/** Thrown by the model where the store must refuse; carries the StoreError code the store must use. */
class Refusal extends Error {
  constructor(readonly code: StoreErrorCode) {
    super(code);
  }
}

const CODE_SPACES: ReadonlySet<string> = new Set(['programs', 'libraries', 'runtimes', 'services']);

function modelNamespace(ns: string): Ns {
  const found = NAMESPACES.find((n) => n === ns);
  if (found === undefined) throw new Refusal('bad-namespace');
  return found;
}

/** A name as stored: one trailing `.lua` dropped in code namespaces (unless nothing would be left), then checked. */
function modelName(ns: Ns, name: string): string {
  const stored = CODE_SPACES.has(ns) && name.endsWith('.lua') && name.length > 4 ? name.slice(0, -4) : name;
  if (CODE_SPACES.has(ns) && stored.endsWith('.lua')) throw new Refusal('bad-name'); // could never be named again
  const valid = stored.length >= 1 && stored.length <= 64 && /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(stored) && !stored.includes('..');
  if (!valid) throw new Refusal('bad-name');
  return stored;
}

function modelValue(value: unknown): string {
  if (typeof value !== 'string') throw new Refusal('bad-argument');
  if (value.length > MAX_ENTRY_SIZE) throw new Refusal('too-large');
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 255) throw new Refusal('bad-argument');
  return value;
}

function wholeAtLeast0(...ns: number[]): void {
  for (const n of ns) if (!Number.isSafeInteger(n) || n < 0) throw new Refusal('bad-argument');
}

function fitting(size: number): void {
  if (size > MAX_ENTRY_SIZE) throw new Refusal('too-large');
}

class StoreModel {
  private readonly user = new Map<string, string>();

  /** @param factory the read-only layer's entries by `ns/name` */
  constructor(private readonly factory: ReadonlyMap<string, string>) {}

  get(ns: string, name: string): string | null {
    const [n, key] = this.key(ns, name);
    return this.user.get(`${n}/${key}`) ?? this.factory.get(`${n}/${key}`) ?? null;
  }

  stat(ns: string, name: string): EntryInfo | null {
    const [n, key] = this.key(ns, name);
    return this.info(n, key);
  }

  put(ns: string, name: string, value: unknown): EntryInfo {
    const [n, key] = this.key(ns, name);
    this.user.set(`${n}/${key}`, modelValue(value));
    return this.info(n, key)!;
  }

  remove(ns: string, name: string): EntryInfo | null {
    const [n, key] = this.key(ns, name);
    const had = this.user.delete(`${n}/${key}`);
    const under = this.info(n, key);
    if (!had) throw new Refusal(under ? 'read-only' : 'missing');
    return under;
  }

  list(ns?: string): EntryInfo[] {
    const spaces = ns === undefined ? [...NAMESPACES] : [modelNamespace(ns)];
    const keys = new Set([...this.factory.keys(), ...this.user.keys()]);
    return spaces.flatMap((n) =>
      [...keys]
        .filter((k) => k.startsWith(`${n}/`))
        .map((k) => k.slice(n.length + 1))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((key) => this.info(n, key)!),
    );
  }

  write(name: string, offset: number, bytes: string): null {
    const key = this.streamKey(name);
    wholeAtLeast0(offset, bytes.length);
    if (bytes.length === 0) return null;
    fitting(offset + bytes.length);
    const old = this.user.get(key) ?? '';
    this.user.set(key, old.slice(0, offset).padEnd(offset, '\0') + bytes + old.slice(offset + bytes.length));
    return null;
  }

  append(name: string, bytes: string): null {
    const key = this.streamKey(name);
    const old = this.user.get(key) ?? '';
    if (bytes.length === 0) return null;
    fitting(old.length + bytes.length);
    this.user.set(key, old + bytes);
    return null;
  }

  truncate(name: string, size: number): null {
    const key = this.streamKey(name);
    wholeAtLeast0(size);
    fitting(size);
    const old = this.user.get(key) ?? '';
    if (old.length !== size) this.user.set(key, old.slice(0, size).padEnd(size, '\0'));
    return null;
  }

  read(name: string, offset: number, length: number): string {
    const key = this.streamKey(name);
    wholeAtLeast0(offset, length);
    return (this.user.get(key) ?? '').slice(offset, offset + length);
  }

  private key(ns: string, name: string): [Ns, string] {
    const n = modelNamespace(ns);
    return [n, modelName(n, name)];
  }

  private streamKey(name: string): string {
    return `data/${modelName('data', name)}`;
  }

  private info(ns: Ns, name: string): EntryInfo | null {
    const user = this.user.get(`${ns}/${name}`);
    const factory = this.factory.get(`${ns}/${name}`);
    if (user !== undefined) return { namespace: ns, name, size: user.length, layer: factory === undefined ? 'user' : 'user (shadows factory)' };
    return factory === undefined ? null : { namespace: ns, name, size: factory.length, layer: 'factory' };
  }
}

/** Locks: any number of shared holders or one exclusive one; waiters served strictly in arrival order. */
class LockModel {
  private readonly locks = new Map<string, { holders: Array<[number, LockMode]>; queue: Array<[number, LockMode]> }>();

  acquire(name: string, holder: number, mode: string): string {
    if (!Number.isSafeInteger(holder) || (mode !== 'shared' && mode !== 'exclusive')) throw new Refusal('lock');
    const lock = this.locks.get(name) ?? { holders: [], queue: [] };
    if ([...lock.holders, ...lock.queue].some(([h]) => h === holder)) throw new Refusal('lock');
    this.locks.set(name, lock);
    if (lock.queue.length === 0 && fits(lock.holders, mode)) {
      lock.holders.push([holder, mode]);
      return 'granted';
    }
    lock.queue.push([holder, mode]);
    return 'queued';
  }

  release(name: string, holder: number): string[] {
    const lock = this.locks.get(name);
    const before = lock ? lock.holders.length + lock.queue.length : 0;
    if (!lock) throw new Refusal('lock');
    lock.holders = lock.holders.filter(([h]) => h !== holder);
    lock.queue = lock.queue.filter(([h]) => h !== holder);
    if (lock.holders.length + lock.queue.length === before) throw new Refusal('lock');
    const grants: string[] = [];
    while (lock.queue.length > 0 && fits(lock.holders, lock.queue[0][1])) {
      const next = lock.queue.shift()!;
      lock.holders.push(next);
      grants.push(`${name}:${next[0]}:${next[1]}`);
    }
    if (lock.holders.length + lock.queue.length === 0) this.locks.delete(name);
    return grants;
  }

  releaseAll(holder: number): string[] {
    const names = [...this.locks].filter(([, l]) => [...l.holders, ...l.queue].some(([h]) => h === holder)).map(([n]) => n);
    return names.flatMap((n) => this.release(n, holder)).sort();
  }

  state(names: readonly string[]): unknown {
    return names.map((n) => ({ holders: this.locks.get(n)?.holders ?? [], queue: this.locks.get(n)?.queue ?? [] }));
  }
}

function fits(holders: Array<[number, LockMode]>, mode: LockMode): boolean {
  return holders.length === 0 || (mode === 'shared' && holders.every(([, m]) => m === 'shared'));
}

// ------------------------------------------------------------------------------------------------
// Operations, and their arbitraries.
// ------------------------------------------------------------------------------------------------

type Op =
  | { op: 'put'; ns: string; name: string; value: unknown }
  | { op: 'get' | 'stat' | 'remove'; ns: string; name: string }
  | { op: 'list'; ns: string | undefined }
  | { op: 'write'; name: string; offset: number; bytes: string }
  | { op: 'append'; name: string; bytes: string }
  | { op: 'truncate'; name: string; size: number }
  | { op: 'read'; name: string; offset: number; length: number }
  | { op: 'acquire'; lock: string; holder: number; mode: string }
  | { op: 'release'; lock: string; holder: number }
  | { op: 'releaseAll'; holder: number };

/** The factory layer's entries (by `ns/name`), written as files under a temporary package root. */
const FACTORY: Record<string, string> = {
  'programs/p1.lua': 'print(1)',
  'programs/tools/p2.lua': 'print(2)',
  'runtimes/r1.lua': '-- runtime',
  'store/libraries/l1.lua': 'return {}',
  'store/services/s1.lua': 'os.pull()',
};
const FACTORY_ENTRIES = new Map([
  ['programs/p1', 'print(1)'],
  ['programs/p2', 'print(2)'],
  ['runtimes/r1', '-- runtime'],
  ['libraries/l1', 'return {}'],
  ['services/s1', 'os.pull()'],
]);

function factoryRoot(): string {
  const root = tempDir();
  for (const [path, text] of Object.entries(FACTORY)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const GOOD_NAMES = ['a', 'p1', 'p1.lua', 'p2', 'r1', 'l1.lua', 's1', 'x-y_z.1', 'log', 'A'.repeat(64), 'b.lua.lua'];
const BAD_NAMES = ['', '..', 'a..b', 'a/b', '../x', '.x', '.lua', 'x'.repeat(65), 'nul\0', 'tab\t', 'é', 'sp ace', 'a\\b'];
const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...GOOD_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
);
const ns = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<string>(...NAMESPACES) },
  { weight: 1, arbitrary: fc.constantFrom('', 'bogus', 'Programs', 'data/', '..') },
);

/** Over the size limit: one string made once (refused before anything is written). */
const OVER_LIMIT = 'x'.repeat(MAX_ENTRY_SIZE + 1);
const bytes = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1'));
/** A large binary value: a random byte pattern repeated to up to 300 KB. */
const large = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.integer({ min: 1_000, max: 300_000 }))
  .map(([b, size]) => Buffer.from(b).toString('latin1').repeat(size).slice(0, size));
const byteValue = fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 6, arbitrary: bytes }, { weight: 1, arbitrary: large });
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: byteValue },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('snow \u2603', 42, undefined, null, OVER_LIMIT) },
);
const offset = fc.oneof({ weight: 8, arbitrary: fc.nat(400_000) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, Number.NaN, 2 ** 40, MAX_ENTRY_SIZE) });
const holder = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(1.5, Number.NaN) });
const LOCKS = ['k1', 'k2'];
const lock = fc.constantFrom(...LOCKS);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('put' as const), ns, name, value }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('get' as const, 'stat' as const, 'remove' as const), ns, name }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('list' as const), ns: fc.option(ns, { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('write' as const), name, offset, bytes: byteValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('append' as const), name, bytes: byteValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), name, size: offset }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), name, offset, length: offset }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('acquire' as const), lock, holder, mode: fc.constantFrom('shared', 'exclusive', 'bogus') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), lock, holder }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('releaseAll' as const), holder }) },
);

/** Runs `body`, turning a StoreError (with a one-line message) into its code; a model Refusal likewise. Any other error fails the test. */
function outcome(body: () => unknown): Outcome {
  try {
    return { ok: body() };
  } catch (e) {
    if (e instanceof Refusal) return { error: e.code };
    if (!(e instanceof StoreError)) throw e;
    expect(e.message, 'a refusal is one clear line').toMatch(/^[^\n]{8,}$/);
    return { error: e.code };
  }
}

function applyToStore(store: Store, locks: LockTable, o: Op): unknown {
  switch (o.op) {
    case 'put':
      // A value that is not a string reaches the store only from untyped callers: passed as they would.
      return Reflect.apply(store.put, store, [o.ns, o.name, o.value]);
    case 'get':
      return store.get(o.ns, o.name);
    case 'stat':
      return store.stat(o.ns, o.name);
    case 'remove':
      return store.remove(o.ns, o.name);
    case 'list':
      return store.list(o.ns);
    case 'write':
      return store.stream(o.name).write(o.offset, o.bytes) ?? null;
    case 'append':
      store.stream(o.name).append(o.bytes);
      return null;
    case 'truncate':
      return store.stream(o.name).truncate(o.size) ?? null;
    case 'read':
      return store.stream(o.name).read(o.offset, o.length);
    case 'acquire':
      return Reflect.apply(locks.acquire, locks, [o.lock, o.holder, o.mode]);
    case 'release':
      return locks.release(o.lock, o.holder).map((g) => `${g.name}:${g.holder}:${g.mode}`);
    case 'releaseAll':
      return locks
        .releaseAll(o.holder)
        .map((g) => `${g.name}:${g.holder}:${g.mode}`)
        .sort();
  }
}

function applyToModel(model: StoreModel, locks: LockModel, o: Op): unknown {
  switch (o.op) {
    case 'put':
      return model.put(o.ns, o.name, o.value);
    case 'get':
      return model.get(o.ns, o.name);
    case 'stat':
      return model.stat(o.ns, o.name);
    case 'remove':
      return model.remove(o.ns, o.name);
    case 'list':
      return model.list(o.ns);
    case 'write':
      return model.write(o.name, o.offset, o.bytes);
    case 'append':
      return model.append(o.name, o.bytes);
    case 'truncate':
      return model.truncate(o.name, o.size);
    case 'read':
      return model.read(o.name, o.offset, o.length);
    case 'acquire':
      return locks.acquire(o.lock, o.holder, o.mode);
    case 'release':
      return locks.release(o.lock, o.holder);
    case 'releaseAll':
      return locks.releaseAll(o.holder);
  }
}

/** What an operation is, for a failure message (long values shortened). */
function describeOp(o: Op): string {
  return JSON.stringify(o, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `<${v.length} bytes>` : v));
}

/** Every visible entry, with its value: the whole state a store shows. */
function everything(read: { list(ns?: string): EntryInfo[]; get(ns: string, name: string): string | null }): unknown {
  return read.list().map((e) => ({ ...e, value: read.get(e.namespace, e.name) }));
}

// ------------------------------------------------------------------------------------------------
// The systems.
// ------------------------------------------------------------------------------------------------

interface System {
  store: Store;
  /** The same entries seen afresh (a new backend over the same folder), or null where nothing persists. */
  reopen: (() => Store) | null;
  factory: ReadonlyMap<string, string>;
}

const SYSTEMS: Array<[string, () => System]> = [
  ['memory backend', () => ({ store: new Store(new MemoryBackend()), reopen: null, factory: new Map() })],
  ['directory backend', () => directorySystem(null)],
  [
    'memory backend under the factory layer',
    () => ({ store: new Store(new MemoryBackend(), new FactoryLayer(factoryRoot())), reopen: null, factory: FACTORY_ENTRIES }),
  ],
  ['directory backend under the factory layer', () => directorySystem(new FactoryLayer(factoryRoot()))],
];

/** A directory backend in a new folder (fsync off: the fuzz checks the model, not durability). */
function directorySystem(factory: FactoryLayer | null): System {
  const root = tempDir();
  const backend = (): Backend => new DirectoryBackend(root, { fsync: false });
  return { store: new Store(backend(), factory), reopen: () => new Store(backend(), factory), factory: factory ? FACTORY_ENTRIES : new Map() };
}

describe.each(SYSTEMS)('the store on the %s agrees with its model', (_label, make) => {
  it('after every operation of random sequences, and as a whole at the end', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const system = make();
        const model = new StoreModel(system.factory);
        const locks = new LockTable();
        const lockModel = new LockModel();
        for (const o of ops) {
          const want = outcome(() => applyToModel(model, lockModel, o));
          const got = outcome(() => applyToStore(system.store, locks, o));
          expect(got, describeOp(o)).toEqual(want);
          expect(
            LOCKS.map((n) => ({ holders: locks.holders(n).map((r) => [r.holder, r.mode]), queue: locks.waiting(n).map((r) => [r.holder, r.mode]) })),
          ).toEqual(lockModel.state(LOCKS));
        }
        const whole = everything(model);
        expect(everything(system.store)).toEqual(whole);
        for (const e of system.store.list()) expect(system.store.stat(e.namespace, e.name), 'a listed name names its entry').toEqual(e);
        if (system.reopen) expect(everything(system.reopen())).toEqual(whole);
      }),
      { numRuns: RUNS },
    );
  });
});
