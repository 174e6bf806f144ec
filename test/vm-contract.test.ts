// The VM contract: one behaviour suite run against every backend (wasmoon, fengari), plus their documented
// differences (memory limit, integer width). One Vm per backend; each test builds its own small state.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVm } from '../src/vm/load.js';
import {
  LuaError,
  LuaFloat,
  LuaTable,
  VmLoadError,
  VmRunError,
  type HookAction,
  type HookInfo,
  type HostFunction,
  type LuaValue,
  type StateOptions,
  type Vm,
  type VmName,
  type VmState,
} from '../src/vm/vm.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

describe.each<VmName>(['wasmoon', 'fengari'])('VM contract: %s', (name) => {
  let vm: Vm;
  beforeAll(async () => {
    vm = await loadVm(name);
  });

  function newState(options: Partial<StateOptions> = {}): VmState {
    return vm.newState({ memoryLimit: 0, hookCount: 0, onHook: () => 'continue', ...options });
  }

  function run(state: VmState, code: string, args: LuaValue[] = []): LuaValue[] {
    return state.call(state.load(code, '=test'), args);
  }

  /** A state whose hook fires every `hookCount` instructions, recording each firing and answering with `answer`. */
  function hookedState(answer: (info: HookInfo) => HookAction, extra: Partial<StateOptions> = {}) {
    const infos: HookInfo[] = [];
    const state = newState({
      hookCount: 100,
      onHook: (info) => {
        infos.push(info);
        return answer(info);
      },
      ...extra,
    });
    return { state, infos };
  }

  function thread(state: VmState, code: string, chunkname = '=thread') {
    return state.newThread(state.load(code, chunkname));
  }

  describe('values', () => {
    it('returns values of every type', () => {
      const state = newState();
      const [nil, yes, no, int, neg, float, integral, bytes, table] = run(
        state,
        "return nil, true, false, 42, -7, 1.5, 2.0, 'a\\0b\\255', {1, 'two', {x = 'y'}}",
      );
      expect([nil, yes, no, int, neg, float]).toEqual([null, true, false, 42, -7, 1.5]);
      expect(integral).toBeInstanceOf(LuaFloat);
      expect((integral as LuaFloat).value).toBe(2);
      expect(bytes).toBe('a\x00b\xff');
      const t = table as LuaTable;
      expect(t.array().slice(0, 2)).toEqual([1, 'two']);
      expect((t.get(3) as LuaTable).get('x')).toBe('y');
      state.close();
    });

    it('carries every byte value both ways unchanged', () => {
      const state = newState();
      const [back, len, first, last] = run(state, 'local s = ... return s, #s, s:byte(1), s:byte(256)', [ALL_BYTES]);
      expect(back).toBe(ALL_BYTES);
      expect([len, first, last]).toEqual([256, 0, 255]);
      state.close();
    });

    it('passes integral floats and nested tables into Lua', () => {
      const state = newState();
      const arg = LuaTable.from({ f: new LuaFloat(3), n: 3, inner: LuaTable.list(['a', 'b']) });
      const out = run(state, 'local t = ... return math.type(t.f), math.type(t.n), t.inner[2], #t.inner', [arg]);
      expect(out).toEqual(['float', 'integer', 'b', 2]);
      state.close();
    });

    it('passes integral JS numbers beyond the integer range as floats, never wrapped', () => {
      const state = newState();
      const [value, type] = run(state, 'local n = ... return n, math.type(n)', [1e20]);
      expect(value).toEqual(new LuaFloat(1e20));
      expect(type).toBe('float');
      state.close();
    });

    it('preserves a cyclic table as the same object in both directions', () => {
      const state = newState();
      const [fromLua] = run(state, 'local t = {name = "loop"} t.me = t return t');
      expect((fromLua as LuaTable).get('me')).toBe(fromLua);
      const cyclic = new LuaTable().set('name', 'js');
      cyclic.set('self', cyclic);
      const [same, roundTrip] = run(state, 'local t = ... return t.self == t and t.self.self == t, t', [cyclic]);
      expect(same).toBe(true);
      expect((roundTrip as LuaTable).get('self')).toBe(roundTrip);
      state.close();
    });
  });

  describe('load', () => {
    it("refuses binary chunks with Lua's message", () => {
      const state = newState();
      const [dumped] = run(state, 'return string.dump(function() return 1 end)');
      expect(() => state.load(dumped as string, '=bin')).toThrow(VmLoadError);
      expect(() => state.load(dumped as string, '=bin')).toThrow("attempt to load a binary chunk (mode is 't')");
      state.close();
    });

    it('names the chunk and line in a syntax error', () => {
      const state = newState();
      expect(() => state.load('local a = 1\nx = = 2', '=mychunk')).toThrow(/^mychunk:2: /);
      state.close();
    });
  });

  describe('host functions', () => {
    it('receives arguments and returns several values', () => {
      const state = newState();
      const f: HostFunction = (call) => [call.argc, call.string(1, 'f'), call.number(2, 'f'), call.value(3), call.type(4)];
      state.setHostFunction('host', 'f', f);
      const [argc, s, n, t, type] = run(state, "return host.f('s\\255', 2.5, {10, 20}, print)");
      expect([argc, s, n, type]).toEqual([4, 's\xff', 2.5, 'function']);
      expect((t as LuaTable).array()).toEqual([10, 20]);
      state.close();
    });

    it("turns a LuaError into a Lua error at the caller's position, catchable by pcall", () => {
      const state = newState();
      state.setHostFunction(null, 'fail', () => {
        throw new LuaError('boom');
      });
      const out = run(state, 'local ok, e = pcall(function()\n  fail()\nend)\nreturn ok, e');
      expect(out).toEqual([false, 'test:2: boom']);
      state.close();
    });

    it('turns a plain JS exception into a catchable Lua error that never escapes', () => {
      const state = newState();
      state.setHostFunction(null, 'crash', () => {
        throw new Error('oops');
      });
      const out = run(state, 'local ok, e = pcall(crash) return ok, e');
      expect(out).toEqual([false, 'internal error in crash: oops']);
      expect(() => run(state, 'crash()')).toThrow(VmRunError);
      state.close();
    });

    it('refuses to copy a function argument with a clear error', () => {
      const state = newState();
      state.setHostFunction(null, 'copy', (call) => [call.value(1)]);
      const [ok, e] = run(state, 'return pcall(function() return copy(print) end)');
      expect(ok).toBe(false);
      expect(e).toMatch(/cannot copy a function value/);
      state.close();
    });

    it('shares one host function object between states', () => {
      const twice: HostFunction = (call) => [call.number(1, 'twice') * 2];
      const a = newState();
      const b = newState();
      a.setHostFunction(null, 'twice', twice);
      b.setHostFunction(null, 'twice', twice);
      expect([run(a, 'return twice(2)'), run(b, 'return twice(5)')]).toEqual([[4], [10]]);
      a.close();
      b.close();
    });
  });

  describe("Lua's stack limit at the boundary", () => {
    /** More values than Lua's stack holds (LUAI_MAXSTACK is 1,000,000 on both engines). */
    const TOO_MANY = Array.from({ length: 1_100_000 }, (_, i) => i);
    /** A table nested far deeper than a copy goes (and deeper than the JS stack would recurse). */
    function deepTable(depth: number): LuaTable {
      const root = new LuaTable();
      let t = root;
      for (let i = 0; i < depth; i++) {
        const inner = new LuaTable();
        t.set('next', inner);
        t = inner;
      }
      return root;
    }

    it("raises Lua's stack overflow error at the caller for a host function returning too many values", () => {
      const state = newState();
      state.setHostFunction(null, 'many', () => TOO_MANY);
      state.setHostFunction(null, 'deep', () => [deepTable(100_000)]);
      expect(run(state, 'return pcall(many)')).toEqual([false, 'stack overflow (too many results)']);
      expect(run(state, 'return pcall(deep)')).toEqual([false, 'table nested too deeply to copy']);
      expect(run(state, 'local ok, e = pcall(function() local x = many() end) return e')).toEqual(['test:1: stack overflow (too many results)']);
      expect(run(state, "pcall(many) return 'still usable'")).toEqual(['still usable']);
      state.close();
    });

    it('refuses too many arguments to a resume or a call, and too deep a table, with an error, not a crash', () => {
      const state = newState();
      const t = thread(state, 'return select("#", ...)');
      expect(state.resume(t, TOO_MANY)).toMatchObject({ kind: 'error', message: 'stack overflow (too many arguments to resume)' });
      state.releaseThread(t);
      expect(() => run(state, 'return ...', TOO_MANY)).toThrow(new VmRunError('stack overflow (too many arguments)'));
      expect(() => state.setGlobal(null, 'deep', deepTable(100_000))).toThrow(new VmRunError('table nested too deeply to copy'));
      expect(run(state, 'return select("#", ...), deep', [1, 2, 3])).toEqual([3, null]);
      state.close();
    });
  });

  describe('threads', () => {
    it('resumes, yields and returns values', () => {
      const state = newState();
      const t = thread(state, 'local a = ... local b = coroutine.yield(a + 1, "y") return b * 2, "done"');
      expect(state.resume(t, [1])).toEqual({ kind: 'yield', values: [2, 'y'], count: 2 });
      expect(state.resume(t, [10])).toEqual({ kind: 'return', values: [20, 'done'], count: 2 });
      state.releaseThread(t);
      state.close();
    });

    it('reports an error with a traceback of the dead thread', () => {
      const state = newState();
      const t = thread(state, "local function inner() error('bad') end\ninner()", '=thr');
      const outcome = state.resume(t, []);
      expect(outcome.kind).toBe('error');
      if (outcome.kind !== 'error') return;
      expect(outcome.message).toBe('thr:1: bad');
      expect(outcome.traceback).toMatch(/^stack traceback:/);
      expect(outcome.traceback).toContain('inner');
      state.releaseThread(t);
      state.close();
    });

    it('reads a non-string error object without calling __tostring', () => {
      const state = newState();
      const t = thread(state, "error(setmetatable({}, {__tostring = function() error('called') end}))");
      const outcome = state.resume(t, []);
      expect(outcome).toMatchObject({ kind: 'error', message: '(error object is a table value)' });
      state.close();
    });

    it('hands over an error object and its raw __tostring, which a new thread can run on it', () => {
      const state = newState();
      const meta = "{__metatable = false, __tostring = function(o) return 'object ' .. o.n end}";
      const t = thread(state, `error(setmetatable({n = 7}, ${meta}))`);
      const outcome = state.resume(t, []);
      if (outcome.kind !== 'error' || !outcome.object || !outcome.tostring) throw new Error('no error object handed over');
      const converter = state.newThread(outcome.tostring, [outcome.object]);
      expect(state.resume(converter, [], true)).toMatchObject({ kind: 'return', values: ['object 7'] });
      expect(state.resume(thread(state, 'error({})'), [])).not.toHaveProperty('object');
      state.close();
    });
  });

  describe('count hook', () => {
    it('preempts an infinite loop repeatedly and continues where it left off', () => {
      const { state, infos } = hookedState(() => 'yield');
      const t = thread(state, 'local n = 0 while true do n = n + 1 counter = n end');
      const counters: number[] = [];
      for (let i = 0; i < 5; i++) {
        expect(state.resume(t, [])).toEqual({ kind: 'yield', values: [], count: 0 });
        counters.push(run(state, 'return counter')[0] as number);
      }
      expect(counters.every((c, i) => i === 0 || c > counters[i - 1]!)).toBe(true);
      expect(infos.filter((i) => i.yieldable && !i.nested).length).toBeGreaterThanOrEqual(5);
      state.releaseThread(t);
      state.close();
    });

    it('marks a preempted nested coroutine, taken exactly once', () => {
      const { state, infos } = hookedState((info) => (info.nested ? 'yield' : 'continue'));
      state.setHostFunction(null, 'mark', (call) => [state.takePreemptMark(call, 1)]);
      const t = thread(
        state,
        `
        local co = coroutine.create(function() local i = 0 while i < 1e6 do i = i + 1 end return 'finished' end)
        local ok, r = coroutine.resume(co)
        return ok, r, mark(co), mark(co), coroutine.status(co)`,
      );
      expect(state.resume(t, [])).toEqual({ kind: 'return', values: [true, null, true, false, 'suspended'], count: 5 });
      expect(infos).toContainEqual({ yieldable: true, nested: true });
      state.close();
    });

    it('reports a sort comparator as not yieldable, and a kill survives a pcall', () => {
      const { state, infos } = hookedState((info) => (info.yieldable ? 'continue' : 'kill'), {
        killMessage: () => 'killed by test',
      });
      const t = thread(
        state,
        `
        local ok, e = pcall(table.sort, {3, 1, 2, 5, 4}, function(a, b) while true do end end)
        for _ = 1, 1e6 do end
        return 'survived the kill'`,
      );
      const outcome = state.resume(t, []);
      expect(outcome).toMatchObject({ kind: 'error', message: 'killed by test' });
      expect(infos.some((i) => !i.yieldable)).toBe(true);
      state.releaseThread(t);
      state.close();
    });

    it('keeps preempting after pcall(error) in the root thread (fengari hook patch)', () => {
      const { state } = hookedState(() => 'yield');
      // Bounded, so a regression fails instead of hanging the test run.
      const t = thread(state, "pcall(error, 'x') for _ = 1, 1e6 do end return 'escaped preemption'");
      for (let i = 0; i < 5; i++) expect(state.resume(t, [])).toEqual({ kind: 'yield', values: [], count: 0 });
      state.releaseThread(t);
      state.close();
    });

    it('keeps preempting after pcall(error) in a nested coroutine (fengari hook patch)', () => {
      const { state, infos } = hookedState((info) => (info.nested ? 'yield' : 'continue'));
      const t = thread(
        state,
        `
        local co = coroutine.create(function() pcall(error, 'x') for _ = 1, 5000 do end end)
        local resumes = 0
        repeat coroutine.resume(co) resumes = resumes + 1 until coroutine.status(co) == 'dead'
        return resumes`,
      );
      const outcome = state.resume(t, []);
      expect(outcome.kind).toBe('return');
      expect(outcome.kind === 'return' && (outcome.values[0] as number)).toBeGreaterThan(10);
      expect(infos.filter((i) => i.nested).length).toBeGreaterThan(10);
      state.close();
    });

    it('counts instructions as hook firings times the hook count', () => {
      const { state } = hookedState(() => 'continue');
      const before = state.instructions();
      run(state, 'local x = 0 for i = 1, 2000 do x = x + i end return x');
      const after = state.instructions();
      expect(after - before).toBeGreaterThanOrEqual(2000);
      expect(after % 100).toBe(0);
      state.close();
    });
  });

  describe('library', () => {
    it('answers ordinary collectgarbage calls', () => {
      const state = newState();
      const [count, collected, running] = run(state, "return type(collectgarbage('count')), collectgarbage(), collectgarbage('isrunning')");
      expect([count, collected, running]).toEqual(['number', 0, true]);
      state.close();
    });
  });

  describe('documented differences', () => {
    it('memory: counted and limited per state on wasmoon, neither on fengari', () => {
      let refused = 0;
      const state = newState({
        memoryLimit: 4 << 20,
        onOutOfMemory: () => {
          refused++;
        },
      });
      if (name === 'wasmoon') {
        expect(vm.hasMemoryLimit).toBe(true);
        expect(state.memoryUsed()).toBeGreaterThan(0);
        expect(() => run(state, "return string.rep('x', 1e8)")).toThrow(/not enough memory/);
        expect(refused).toBeGreaterThan(0);
        expect(run(state, 'return 1 + 1')).toEqual([2]);
        // the account follows allocations and frees
        const before = state.memoryUsed();
        run(state, "big = string.rep('y', 1 << 20)");
        expect(state.memoryUsed() - before).toBeGreaterThanOrEqual(1 << 20);
        run(state, 'big = nil collectgarbage()');
        expect(state.memoryUsed()).toBeLessThan(before + (64 << 10));
        // the largest string Lua makes (2 GiB) is refused by the limit, not passed on to the C heap
        refused = 0;
        expect(() => run(state, "return string.rep('x', 2000000000)")).toThrow(/not enough memory/);
        expect(refused).toBeGreaterThan(0);
        // a limit of 4 GiB or more is clamped, never wrapped around to a tiny one
        const huge = newState({ memoryLimit: 2 ** 32 + 1024 });
        expect(run(huge, "return #string.rep('x', 1 << 20)")).toEqual([1 << 20]);
        huge.close();
      } else {
        expect(vm.hasMemoryLimit).toBe(false);
        expect(state.memoryUsed()).toBe(0);
      }
      state.close();
    });

    it('integer width: 64-bit on wasmoon, 32-bit on fengari', () => {
      const state = newState();
      const [max] = run(state, 'return math.maxinteger');
      if (name === 'wasmoon') {
        expect(vm.integerBits).toBe(64);
        expect(max).toBe(2n ** 63n - 1n);
      } else {
        expect(vm.integerBits).toBe(32);
        expect(max).toBe(2 ** 31 - 1);
      }
      state.close();
    });

    it('reports its Lua version', () => {
      expect(vm.luaVersion).toBe(name === 'wasmoon' ? 'Lua 5.4' : 'Lua 5.3');
      const state = newState();
      expect(run(state, 'return _VERSION')).toEqual([vm.luaVersion]);
      state.close();
    });
  });
});
