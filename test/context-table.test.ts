// The context table under random creates, holds, binds, listens, calls, answers and process ends
// (fast-check): nothing unreachable stays, the calls in flight match a model, references and counts agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContextTable, KERNEL, type Context } from '../src/kernel/contexts.js';

type Op =
  | { op: 'create'; owner: number; target: number | null; hold: boolean }
  | { op: 'hold'; ctx: number; pid: number }
  | { op: 'bind'; ctx: number; name: string; pid: number }
  | { op: 'listen'; ctx: number; name: string; pid: number; on: boolean }
  | { op: 'call'; caller: number; ctx: number; callee: number }
  | { op: 'finish'; call: number }
  | { op: 'end'; pid: number };

const PIDS = 5;
const pidArb = fc.integer({ min: 1, max: PIDS });
const nameArb = fc.constantFrom('a', 'b', 'c');

/** What the model keeps: the pids that ended, each context's holders, and the calls in flight in creation order. */
interface Model {
  dead: Set<number>;
  holders: Map<Context, Map<number, number>>;
  calls: { cid: number; caller: number; callee: number }[];
}

/** Applies one operation as the kernel would (only running processes act); `ctx`, `call` index into what exists (the root too). */
function apply(table: ContextTable, model: Model, contexts: Context[], op: Op): void {
  const existing = [table.root, ...contexts.filter((c) => table.get(c.id) === c)];
  const alive = (pid: number): boolean => !model.dead.has(pid);
  const pick = (i: number): Context => existing[i % existing.length];
  if (op.op === 'create' && alive(op.owner)) {
    const target = op.target === null ? null : pick(op.target);
    const ctx = table.create(op.owner, target, null);
    contexts.push(ctx);
    model.holders.set(ctx, new Map());
    if (op.hold) hold(table, model, ctx, op.owner);
  } else if (op.op === 'hold' && alive(op.pid)) {
    hold(table, model, pick(op.ctx), op.pid);
  } else if (op.op === 'bind' && alive(op.pid)) {
    const base = table.base(pick(op.ctx));
    if (base.owner !== KERNEL) table.bind(base, op.name, op.pid);
  } else if (op.op === 'listen' && alive(op.pid)) {
    const ctx = pick(op.ctx);
    table.listen(table.base(ctx), op.name, op.pid, op.on ? ctx.id : null);
  } else if (op.op === 'call' && alive(op.caller) && (op.callee === KERNEL || alive(op.callee))) {
    const call = table.newCall(op.caller, pick(op.ctx).id, 'a', op.callee);
    model.calls.push({ cid: call.cid, caller: op.caller, callee: op.callee });
  } else if (op.op === 'finish' && model.calls.length > 0) {
    const { cid } = model.calls[op.call % model.calls.length];
    expect(table.finish(cid)?.cid).toBe(cid);
    expect(table.finish(cid), 'a call finishes once').toBeUndefined();
    model.calls = model.calls.filter((c) => c.cid !== cid);
  } else if (op.op === 'end' && alive(op.pid)) {
    end(table, model, op.pid);
  }
}

function hold(table: ContextTable, model: Model, ctx: Context, pid: number): void {
  const holders = model.holders.get(ctx)!;
  const n = holders.get(pid) ?? 0;
  expect(table.hold(ctx, pid), 'hold says whether it is a first reference').toBe(n === 0);
  holders.set(pid, n + 1);
}

/** A process ends: its calls are answered or dropped first (interactions.ts), then the table releases it. */
function end(table: ContextTable, model: Model, pid: number): void {
  for (const call of table.pendingOf(pid)) table.finish(call.cid);
  model.calls = model.calls.filter((c) => c.caller !== pid && c.callee !== pid);
  const held = [...model.holders]
    .filter(([, h]) => h.has(pid))
    .map(([ctx]) => ctx.id)
    .sort((a, b) => a - b);
  model.dead.add(pid);
  const { closed } = table.release(pid, (q) => q !== pid && !model.dead.has(q));
  expect(
    closed.map((c) => c.id),
    `pid ${pid} closes what it held`,
  ).toEqual(held);
  for (const h of model.holders.values()) h.delete(pid);
}

/** What must hold after every operation: what it breaks. */
function violations(table: ContextTable, model: Model, contexts: Context[]): string[] {
  const broken: string[] = [];
  const alive = (pid: number): boolean => pid === KERNEL || !model.dead.has(pid);
  let expectedSize = 1; // the root
  for (const ctx of contexts) {
    const holders = model.holders.get(ctx)!;
    const reachable = holders.size > 0 || alive(ctx.owner);
    if (reachable) expectedSize++;
    if ((table.get(ctx.id) === ctx) !== reachable) broken.push(`context ${ctx.id}: in the table is ${table.get(ctx.id) === ctx}, reachable is ${reachable}`);
    if (ctx.holders.size !== holders.size || [...holders].some(([pid, n]) => ctx.holders.get(pid) !== n))
      broken.push(`context ${ctx.id}: holders differ from the model`);
    if (!reachable) continue;
    for (const pid of ctx.bindings.values()) if (!alive(pid)) broken.push(`context ${ctx.id}: binding to ended pid ${pid}`);
    for (const [name, set] of ctx.listeners) {
      if (set.size === 0) broken.push(`context ${ctx.id}: empty listener set '${name}'`);
      for (const pid of set.keys()) if (!alive(pid)) broken.push(`context ${ctx.id}: ended pid ${pid} listens`);
    }
  }
  if (table.size !== expectedSize) broken.push(`size ${table.size}, expected ${expectedSize}`);
  if (table.get(table.root.id) !== table.root) broken.push('the root is gone');
  for (let pid = 1; pid <= PIDS; pid++) {
    const pending = table.pendingOf(pid).map((c) => c.cid);
    const expected = model.calls.filter((c) => c.caller === pid || c.callee === pid).map((c) => c.cid);
    if (pending.join() !== expected.join()) broken.push(`pendingOf(${pid}) is [${pending.join()}], expected [${expected.join()}]`);
  }
  for (const c of model.calls) if (table.call(c.cid)?.cid !== c.cid) broken.push(`call ${c.cid} lost`);
  return broken;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('create' as const), owner: pidArb, target: fc.option(fc.nat(20), { freq: 3 }), hold: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('hold' as const), ctx: fc.nat(20), pid: pidArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('bind' as const), ctx: fc.nat(20), name: nameArb, pid: pidArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('listen' as const), ctx: fc.nat(20), name: nameArb, pid: pidArb, on: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('call' as const), caller: pidArb, ctx: fc.nat(20), callee: fc.integer({ min: KERNEL, max: PIDS }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('finish' as const), call: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('end' as const), pid: pidArb }) },
);

describe('context table', () => {
  it('keeps only reachable contexts, the calls in flight of a model, and consistent references', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 150, size: 'max' }), (ops) => {
        const table = new ContextTable();
        const model: Model = { dead: new Set(), holders: new Map([[table.root, new Map()]]), calls: [] };
        const contexts: Context[] = [];
        for (const op of ops) {
          apply(table, model, contexts, op);
          expect(violations(table, model, contexts), `after ${JSON.stringify(op)}`).toEqual([]);
        }
        // When every process has ended, only the root is left, holding nothing.
        for (let pid = 1; pid <= PIDS; pid++) if (!model.dead.has(pid)) end(table, model, pid);
        expect(table.size).toBe(1);
        expect(table.root.holders.size + table.root.bindings.size + table.root.listeners.size).toBe(0);
        for (let pid = 1; pid <= PIDS; pid++) expect(table.pendingOf(pid)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
