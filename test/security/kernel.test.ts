// Attacks that try to break the kernel: error values with hostile metamethods, yields inside metamethods,
// huge varargs, string/table/pattern bombs, deep and cyclic tables and metatables handed to system calls.
// The promise: the offender gets a Lua error or is ended with a clear reason; the kernel and others go on.
import { describe } from 'vitest';
import { VM_NAMES } from '../../src/vm/vm.js';
import { attacks, type Attack } from './harness.js';

/** A server on a new context `ctx` answering `e` with the number of arguments it received. */
const ECHO = `local ctx = os.context() local srv = os.run_code([[ assert(os.bind(0, 'e')) while true do local call = os.pull('call') os.answer(call.cid, os.status.OK, call.args.n) end ]], { context = ctx, name = 'srv' }) os.yield() `;
const ERROR_OBJECT = { kind: 'error', message: '(error object is a table value)' };
const OOM = { kind: 'killed', message: 'out of memory' };
const SMALL = 16 * 1024 * 1024;

const KERNEL: Attack[] = [
  {
    // the __tostring runs as the process's own code (as lua.c runs it): preempted, and killable by its parent
    name: 'an error value whose __tostring loops forever',
    src: `local pid = os.run('looper') for _ = 1, 5 do os.yield() end print(os.kill(pid)) print(os.wait(pid))`,
    programs: { looper: `error(setmetatable({}, { __tostring = function() while true do end end }))` },
    out: 'true\n137\tkilled\tkilled by process 1\n',
  },
  {
    name: 'an error value whose __tostring yields',
    src: `error(setmetatable({}, { __tostring = function() os.sleep(1) return 'x' end }))`,
    out: '',
    exit: { kind: 'error', message: 'x' },
  },
  {
    name: 'an error value whose __index loops forever',
    src: `error(setmetatable({}, { __index = function() while true do end end }))`,
    out: '',
    exit: ERROR_OBJECT,
  },
  {
    name: 'an error value whose __tostring raises',
    src: `error(setmetatable({}, { __tostring = function() error('again') end }))`,
    out: '',
    exit: { kind: 'error', message: /again/ },
  },
  {
    name: 'an error value whose __tostring returns a table',
    src: `error(setmetatable({}, { __tostring = function() return {} end }))`,
    out: '',
    exit: ERROR_OBJECT,
  },
  {
    name: 'a task ending with a hostile error value leaves its siblings running',
    src: `local t = os.spawn(function() error(setmetatable({}, { __tostring = function() while true do end end })) end)
      print(os.join(t) == false) print('alive')`,
    out: 'true\nalive\n',
  },
  {
    name: 'a system call that blocks inside __index under pcall',
    src: `local t = setmetatable({}, { __index = function(_, k) os.sleep(0.1) return k end }) print(pcall(function() return t.x end)) print(t.y)`,
    out: 'true\tx\ny\n',
    only: 'wasmoon',
  },
  {
    name: 'a yield inside __concat',
    src: `local t = setmetatable({}, { __concat = function() os.yield() return 'c' end }) print(pcall(function() return t .. 'x' end))`,
    out: 'true\tc\n',
    only: 'wasmoon',
  },
  {
    name: 'a system call that blocks inside a metamethod gets an error or works (fengari)',
    src: `local t = setmetatable({}, { __index = function(_, k) os.sleep(0.1) return k end }) print(pcall(function() return t.x end)) print('alive')`,
    out: /^(true\tx|false\t.+)\nalive\n$/,
    only: 'fengari',
  },
  {
    name: 'ten million values unpacked',
    src: `print(pcall(function() return select('#', table.unpack({}, 1, 1e7)) end))`,
    out: /^false\t.*(too many results to unpack|stack overflow).*\n$/,
  },
  { name: 'a million arguments to string.char', src: `print(pcall(function() return string.char(table.unpack({}, 1, 1e6)) end))`, out: /^false\t.+\n$/ },
  {
    name: 'a hundred thousand arguments to os.call',
    src: `${ECHO}local t = {} for i = 1, 100000 do t[i] = i end local ok, v = pcall(os.rpc(ctx).e, table.unpack(t)) print(ok, ok and v or 'refused') os.kill(srv)`,
    out: /^(true\t100000|false\trefused)\n$/,
  },
  { name: 'string.rep of a terabyte', src: `print(pcall(string.rep, 'x', 2^40))`, out: 'false\tresulting string too large\n', only: 'wasmoon' },
  {
    name: 'string.rep with a separator, a billion times',
    src: `print(pcall(string.rep, 'abc', 1e9, ','))`,
    out: /^false\t.+\n$/,
    only: 'wasmoon',
    memoryLimit: SMALL,
  },
  {
    name: 'doubling a string until memory runs out',
    src: `local s = 'x' for i = 1, 40 do s = s .. s end print(#s)`,
    out: '',
    exit: OOM,
    memoryLimit: SMALL,
    only: 'wasmoon',
  },
  {
    name: 'an out-of-memory error caught by pcall does not save the process',
    src: `print(pcall(function() local s = 'x' for i = 1, 40 do s = s .. s end end)) print('saved')`,
    out: '',
    exit: OOM,
    memoryLimit: SMALL,
    only: 'wasmoon',
  },
  {
    name: 'string.rep of 512 MiB under pcall, in a loop: killed, not caught (fengari checks the size first)',
    src: `for i = 1, 100 do pcall(string.rep, 'x', 512 * 1024 * 1024) end print('saved')`,
    out: '',
    exit: OOM,
    memoryLimit: SMALL,
  },
  {
    name: 'an out-of-memory error under xpcall: no handler runs, the process is killed',
    src: `print(xpcall(string.rep, function(m) print('handler', m) return m end, 'x', 64 * 1024 * 1024)) print('saved')`,
    out: '',
    exit: OOM,
    memoryLimit: SMALL,
  },
  {
    name: 'table.concat of a hundred 1 MiB strings under pcall',
    src: `local s = ('x'):rep(1024 * 1024) local t = {} for i = 1, 100 do t[i] = s end print(pcall(table.concat, t, ',')) print('saved')`,
    out: '',
    exit: OOM,
    memoryLimit: SMALL,
  },
  {
    name: 'string.format of a hundred 1 MiB strings under pcall',
    src: `local s = ('x'):rep(1024 * 1024) local t = {} for i = 1, 100 do t[i] = s end print(pcall(string.format, ('%s'):rep(100), table.unpack(t))) print('saved')`,
    out: '',
    exit: OOM,
    memoryLimit: SMALL,
  },
  {
    name: 'a child killed for a 512 MiB string leaves its parent running',
    src: `local c = os.run_code("string.rep('x', 512 * 1024 * 1024)", { name = 'hog' }) print(os.wait(c))`,
    out: '137\tkilled\tout of memory\n',
    memoryLimit: SMALL,
  },
  {
    name: "a program's own 'not enough memory' error is caught as any error",
    src: `print(pcall(error, 'not enough memory')) print(select(2, xpcall(error, function(m) return 'handled ' .. m end, 'x', 0))) print('alive')`,
    out: 'false\tnot enough memory\nhandled x\nalive\n',
  },
  { name: 'a table of a billion integers', src: `local t = {} for i = 1, 1e9 do t[i] = i end`, out: '', exit: OOM, memoryLimit: SMALL, only: 'wasmoon' },
  { name: 'a tree of tables without end', src: `local t = {} while true do t = { t, t, {} } end`, out: '', exit: OOM, memoryLimit: SMALL, only: 'wasmoon' },
  {
    name: 'a process killed for memory leaves its parent running',
    src: `local c = os.run_code('local t = {} for i = 1, 1e9 do t[i] = i end', { name = 'hog' }) print(os.wait(c))`,
    out: '137\tkilled\tout of memory\n',
    memoryLimit: SMALL,
    only: 'wasmoon',
  },
  {
    name: 'a backtracking pattern bomb',
    src: `print(pcall(string.find, ('a'):rep(5000), ('a*'):rep(40) .. 'b'))`,
    out: 'false\ttoo long without yielding (pattern matching)\n',
  },
  {
    name: 'a back-reference pattern bomb',
    src: `print(pcall(string.match, ('a'):rep(100000), '(.-)%1b'))`,
    out: 'false\ttoo long without yielding (pattern matching)\n',
  },
  {
    name: 'a pattern with a hundred nested captures',
    src: `print(pcall(string.find, 'x', ('('):rep(100) .. 'x' .. (')'):rep(100)))`,
    out: 'false\ttoo many captures\n',
  },
  {
    name: 'a gsub whose result would be a gigabyte',
    src: `print(pcall(string.gsub, ('x'):rep(1e6), 'x', ('y'):rep(1000)))`,
    out: '',
    memoryLimit: SMALL,
    exit: { kind: 'killed', message: 'out of memory' },
  },
  {
    name: 'a table nested 100,000 deep passed to os.call',
    src: `${ECHO}local t = {} for i = 1, 100000 do t = { t } end print(pcall(os.call, ctx, 'e', t)) os.kill(srv)`,
    out: "false\tbad argument #3 to 'call' (table nested too deeply to copy)\n",
  },
  {
    name: 'a table nested 1,000 deep passed through os.rpc',
    src: `${ECHO}local t = {} for i = 1, 1000 do t = { t } end print(pcall(os.rpc(ctx).e, t)) os.kill(srv)`,
    out: "false\tmain:1: bad argument #1 to 'e' (table nested too deeply to copy)\n",
  },
  {
    name: 'a table that holds itself passed in a call',
    src: `${ECHO}local t = {} t.self = t print(pcall(os.rpc(ctx).e, t)) os.kill(srv)`,
    out: /^(true\t1|false\t.+)\n$/,
  },
  {
    name: 'two tables that hold each other passed in a call',
    src: `${ECHO}local a, b = {}, {} a.b = b b.a = a a[1] = b print(pcall(os.rpc(ctx).e, a, b)) os.kill(srv)`,
    out: /^(true\t2|false\t.+)\n$/,
  },
  {
    name: 'a cyclic table queued as an event comes back',
    src: `local t = { type = 'x' } t.self = t print(pcall(os.queue, t)) local e = os.pull('x') print(e.type)`,
    out: /^(true.*\nx|false\t.+\n.*)\n$/,
  },
  {
    name: 'a value whose metamethods raise, passed in a call: no metamethod runs in the kernel',
    src: `${ECHO}local t = setmetatable({}, { __index = function() error('meta ran') end, __pairs = function() error('pairs ran') end, __len = function() error('len ran') end })
      print(pcall(os.rpc(ctx).e, t)) os.kill(srv)`,
    out: 'true\t1\n',
  },
  {
    name: 'a table with __tostring given where a number is expected',
    src: `local n = setmetatable({}, { __tostring = function() return '5' end }) print(pcall(os.sleep, n)) print(pcall(os.kill, n))`,
    out: "false\tbad argument #1 to 'sleep' (number expected, got table)\nfalse\tbad argument #1 to 'kill' (number expected, got table)\n",
  },
  {
    name: 'an event table whose __index raises, given to os.queue',
    src: `print(pcall(os.queue, setmetatable({}, { __index = function() error('q') end })))`,
    out: "false\tbad argument #1 to 'queue' (event table with a string 'type' field expected)\n",
  },
  {
    name: 'a pull filter whose metamethods yield and raise',
    src: `local f = setmetatable({}, { __index = function() os.yield() return 'x' end, __pairs = function() error('p') end }) os.queue({ type = 'x' }) print(pcall(os.pull, f, 0))`,
    out: /^(true|false)\t.*\n$/,
  },
  {
    name: 'keys of every odd kind in a call',
    src: `${ECHO}print(pcall(os.rpc(ctx).e, { [1.5] = 1, [true] = 2, [-0.0] = 3, [2^63] = 4, n = 0/0, inf = 1/0, big = math.maxinteger })) os.kill(srv)`,
    out: 'true\t1\n',
  },
  { name: 'unbounded recursion', src: `local function f() return 1 + f() end print(pcall(f))`, out: /^false\t.*stack overflow.*\n$/ },
  {
    name: 'an __index chain that loops',
    src: `local t = setmetatable({}, {}) getmetatable(t).__index = t print(pcall(function() return t.x end))`,
    out: /^false\t.*'__index' chain too long; possible loop.*\n$/,
  },
  {
    name: 'coroutines nested 300 deep',
    src: `local function nest(n) if n == 0 then return 'bottom' end return coroutine.wrap(function() return nest(n - 1) end)() end print(pcall(nest, 150))`,
    out: /^(true\tbottom|false\t.+)\n$/,
  },
  {
    name: 'a busy loop with no system call is preempted: its sibling runs',
    src: `os.spawn(function() while true do end end) os.sleep(0.1) print('sibling ran') os.exit(0)`,
    out: 'sibling ran\n',
  },
  {
    name: 'a busy process does not starve another process',
    src: `local hog = os.run_code('while true do end', { name = 'hog' }) os.sleep(0.1) print('still scheduled') os.kill(hog)`,
    out: 'still scheduled\n',
  },
  {
    name: 'a hundred thousand contexts, timers and queued events stop at their limits',
    src: `
      print(pcall(function() for i = 1, 100000 do os.context() end end))
      print(pcall(function() for i = 1, 100000 do os.timer(1000) end end))
      local n = 0 while os.queue({ type = 'x' }) do n = n + 1 end print(n, select(2, os.queue({ type = 'x' })))`,
    out: /^false\tmain:2: too many contexts: .*limit 'contexts'.*\nfalse\tmain:3: too many timers: .*limit 'timers'.*\n4096\t.*limit 'events'.*\n$/,
  },
];

describe.each(VM_NAMES)('breaking the kernel on %s', (vm) => attacks(vm, KERNEL));
