// The memory-limited Lua allocator of the wasmoon backend, as a tiny wasm module of our own linked to
// wasmoon's memory, free and realloc: an allocation costs no call into JavaScript. Plus its accounts (per state, shared).
// biome-ignore-all format: the wasm module is laid out by hand, one instruction step or section per line
import type { MemoryAccount, Refusal } from './engine-state.js';

/**
 * One state's account, 16 bytes in wasm memory (the allocator's `ud`), little-endian u32 fields:
 * used bytes, the limit, whether the limit is enforced now, and which refusal happened (0 none, OWN, SHARED).
 */
const USED = 0;
const LIMIT = 4;
const ENFORCE = 8;
const REFUSED = 12;
export const ACCOUNT_SIZE = 16;
/** The refusals, as REFUSED holds them: past the state's own limit, or past the budget all states share. */
const OWN = 1;
const SHARED = 2;

/**
 * The account all limited states share, 8 bytes in wasm memory at an address built into the module: the bytes
 * they hold together and the budget their enforced allocations may not take that total past.
 */
const TOTAL = 0;
const BUDGET = 4;
export const SHARED_ACCOUNT_SIZE = 8;

/* Wasm opcodes and encodings used below (WebAssembly core spec, binary format). */
const I32 = 0x7f;
const FUNC = 0x60;
const OP = {
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41, select: 0x1b, i32Eqz: 0x45, if: 0x04,
  void: 0x40, end: 0x0b, call: 0x10, return: 0x0f, i32Load: 0x28, i32Store: 0x36, i32Add: 0x6a,
  i32Sub: 0x6b, i32GtU: 0x4b, i64ExtendI32U: 0xad, i64Add: 0x7c, i64Sub: 0x7d, i64GtU: 0x56,
} as const;

/* The allocator's parameters and locals. */
const UD = 0, PTR = 1, OSIZE = 2, NSIZE = 3, OLD = 4, P = 5;
/* Its imports, by function index. */
const FREE = 0, REALLOC = 1;

const get = (i: number) => [OP.localGet, i];
/** The base of a field: the state's account (`ud`) or the shared one (a constant address). */
type Base = number[];
const STATE: Base = get(UD);
const load = (base: Base, field: number) => [...base, OP.i32Load, 2, field];
const load64 = (base: Base, field: number) => [...load(base, field), OP.i64ExtendI32U];
/** base.field = base.field + delta (i32 arithmetic: the real totals always fit). */
const addTo = (base: Base, field: number, delta: number[]) => [...base, ...load(base, field), ...delta, OP.i32Store, 2, field];
/** If base.field + nsize - old > base.limit (in 64 bits): refused = why; return NULL. */
const refuseOver = (base: Base, field: number, limit: number, why: number) => [
  ...load64(base, field), ...get(NSIZE), OP.i64ExtendI32U, OP.i64Add, ...get(OLD), OP.i64ExtendI32U, OP.i64Sub,
  ...load64(base, limit), OP.i64GtU, OP.if, OP.void,
  ...STATE, OP.i32Const, why, OP.i32Store, 2, REFUSED,
  OP.i32Const, 0, OP.return,
  OP.end,
];

/**
 * lua_Alloc(ud, ptr, osize, nsize), as Lua's manual defines it, with the state's account at `ud` and the shared
 * one at `shared`:
 *   old = ptr ? osize : 0                      (with ptr NULL, osize is a type tag, not a size)
 *   if nsize == 0: free(ptr); used -= old; total -= old; return NULL
 *   if nsize > old and enforce:
 *     if used + nsize - old > limit (in 64 bits): refused = OWN; return NULL
 *     if total + nsize - old > budget (in 64 bits): refused = SHARED; return NULL
 *   p = realloc(ptr, nsize); if p: used += nsize - old; total += nsize - old; return p
 */
function allocBody(shared: number): number[] {
  const SHARED_BASE: Base = [OP.i32Const, ...sleb(shared)];
  const grown = [...get(NSIZE), OP.i32Add, ...get(OLD), OP.i32Sub];
  const freed = [...get(OLD), OP.i32Sub];
  return [
    ...get(OSIZE), OP.i32Const, 0, ...get(PTR), OP.select, OP.localSet, OLD,
    ...get(NSIZE), OP.i32Eqz, OP.if, OP.void,
    ...get(PTR), OP.call, FREE,
    ...addTo(STATE, USED, freed),
    ...addTo(SHARED_BASE, TOTAL, freed),
    OP.i32Const, 0, OP.return,
    OP.end,
    ...get(NSIZE), ...get(OLD), OP.i32GtU, OP.if, OP.void,
    ...load(STATE, ENFORCE), OP.if, OP.void,
    ...refuseOver(STATE, USED, LIMIT, OWN),
    ...refuseOver(SHARED_BASE, TOTAL, BUDGET, SHARED),
    OP.end, OP.end,
    ...get(PTR), ...get(NSIZE), OP.call, REALLOC, OP.localTee, P, OP.if, OP.void,
    ...addTo(STATE, USED, grown),
    ...addTo(SHARED_BASE, TOTAL, grown),
    OP.end,
    ...get(P), OP.end,
  ];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A signed LEB128 (i32.const's immediate). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const vector = (items: number[][]) => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const name = (s: string) => [...leb(s.length), ...Buffer.from(s, 'latin1')];

/** The module: imports env.memory, env.free, env.realloc; exports alloc, which keeps the shared account at `shared`. */
function moduleBytes(shared: number): Uint8Array {
  const types = vector([
    [FUNC, 4, I32, I32, I32, I32, 1, I32], // 0: alloc (ud, ptr, osize, nsize) -> ptr
    [FUNC, 1, I32, 0], // 1: free (ptr)
    [FUNC, 2, I32, I32, 1, I32], // 2: realloc (ptr, size) -> ptr
  ]);
  const imports = vector([
    [...name('env'), ...name('memory'), 0x02, 0x00, 0x00], // a memory of at least 0 pages, no maximum
    [...name('env'), ...name('free'), 0x00, 1],
    [...name('env'), ...name('realloc'), 0x00, 2],
  ]);
  const body = [...vector([[2, I32]]), ...allocBody(shared)]; // locals: old, p
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('alloc'), 0x00, 2]])),
    ...section(10, vector([[...leb(body.length), ...body]])),
  ]);
}

/** What the allocator links to: the memory and the C heap of wasmoon's module (its wasm exports). */
export interface WasmHeap {
  memory: unknown;
  free: (p: number) => void;
  realloc: (p: number, n: number) => number;
}

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (module: unknown, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

/** Instantiates the allocator against wasmoon's heap, with the shared account at `shared`; returns the wasm
 *  function to install as lua_Alloc. */
export function linkAllocator(heap: WasmHeap, shared: SharedAccount): (...args: number[]) => number {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const env = { memory: heap.memory, free: heap.free, realloc: heap.realloc };
  const instance = new wasm.Instance(new wasm.Module(moduleBytes(shared.at)), { env });
  return instance.exports.alloc as (...args: number[]) => number;
}

/** One state's account in wasm memory, where the allocator keeps it (read through the module's current
 *  view of the memory, which is replaced when the memory grows). */
export class WasmAccount implements MemoryAccount {
  constructor(
    private readonly heap: () => Uint32Array,
    readonly at: number,
    limit: number,
    private readonly shared: SharedAccount,
  ) {
    const h = heap();
    h[(at + USED) >> 2] = 0;
    h[(at + LIMIT) >> 2] = Math.min(limit, 0xffffffff); // a wasm32 heap is smaller anyway: no wrap-around
    h[(at + ENFORCE) >> 2] = 0;
    h[(at + REFUSED) >> 2] = 0;
  }

  used(): number {
    return this.heap()[(this.at + USED) >> 2];
  }

  enforce(on: boolean): void {
    this.heap()[(this.at + ENFORCE) >> 2] = on ? 1 : 0;
  }

  noteExcess(limit: number): void {
    const why = this.used() > limit ? OWN : this.shared.total() > this.shared.budget() ? SHARED : 0;
    if (why !== 0) this.heap()[(this.at + REFUSED) >> 2] = why;
  }

  takeRefusal(): Refusal {
    const h = this.heap();
    const why = h[(this.at + REFUSED) >> 2];
    h[(this.at + REFUSED) >> 2] = 0;
    return why === OWN ? 'own' : why === SHARED ? 'shared' : null;
  }
}

/** The account all limited states share: what they hold together, and the budget they may not pass. */
export class SharedAccount {
  constructor(private readonly heap: () => Uint32Array, readonly at: number, budget: number) {
    heap()[(at + TOTAL) >> 2] = 0;
    this.setBudget(budget);
  }

  total(): number {
    return this.heap()[(this.at + TOTAL) >> 2];
  }

  budget(): number {
    return this.heap()[(this.at + BUDGET) >> 2];
  }

  setBudget(bytes: number): void {
    this.heap()[(this.at + BUDGET) >> 2] = Math.min(bytes, 0xffffffff);
  }
}
