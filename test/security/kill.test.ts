// Attacks on kill finality: a killed process tries to catch the kill and run on, through pcall, xpcall
// handlers, coroutine.resume/wrap/close, to-be-closed variables, its own error values and other tasks.
import { describe } from 'vitest';
import { VM_NAMES } from '../../src/vm/vm.js';
import { attacks, type Attack } from './harness.js';

/** The parent starts `child`, lets it run, kills it and prints what os.wait says. */
const killed = (child: string, after = 0.5): string =>
  `local c = os.run_code([[ ${child} ]], { name = 'c' }) os.sleep(${after}) print(os.kill(c)) print(os.wait(c)) os.sleep(1) print('quiet')`;
const KILLED = 'true\n137\tkilled\tkilled by process 1\nquiet\n';
/** Lines the child printed before the kill are allowed; nothing after it. */
const KILLED_AFTER = (line: string): RegExp => new RegExp(`^(${line}\\n)*true\\n137\\tkilled\\tkilled by process 1\\nquiet\\n$`);

const KILL: Attack[] = [
  { name: 'pcall around a busy loop, in a loop', src: killed(`while true do pcall(function() while true do end end) end`, 0.01), out: KILLED },
  { name: 'pcall around a blocking sleep, in a loop', src: killed(`while true do print('again', pcall(os.sleep, 1)) end`), out: KILLED },
  {
    name: 'an xpcall handler that loops forever',
    src: killed(`local function h() while true do end end while true do xpcall(function() while true do end end, h) end`, 0.01),
    out: KILLED,
  },
  {
    name: 'an xpcall handler that prints and carries on',
    src: killed(`local function h(e) print('handler', e) return e end while true do print(xpcall(os.sleep, h, 1)) end`),
    out: KILLED,
  },
  {
    name: 'coroutine.resume around a busy loop',
    src: killed(`while true do print('resumed', coroutine.resume(coroutine.create(function() while true do end end))) end`, 0.01),
    out: KILLED,
  },
  {
    name: 'coroutine.wrap under pcall around a sleep',
    src: killed(`while true do print('wrapped', pcall(coroutine.wrap(function() os.sleep(1) end))) end`),
    out: KILLED,
  },
  {
    name: 'coroutine.close of the coroutine that was killed',
    src: killed(
      `local co = coroutine.create(function() os.sleep(10) end) while true do coroutine.resume(co) print('close', coroutine.close(co)) co = coroutine.create(function() os.sleep(10) end) end`,
    ),
    out: KILLED,
    only: 'wasmoon',
  },
  {
    name: 'a to-be-closed variable whose __close loops',
    src: killed(`local x <close> = setmetatable({}, { __close = function() print('close ran') while true do end end }) os.sleep(5)`),
    out: KILLED,
    only: 'wasmoon',
  },
  {
    name: 'rethrowing what pcall caught',
    src: killed(`while true do local ok, e = pcall(os.sleep, 1) if not ok then print('caught', e) error(e) end end`),
    out: KILLED,
  },
  {
    name: 'a gsub callback that sleeps, under pcall',
    src: killed(`while true do pcall(string.gsub, ('x'):rep(100), 'x', function() os.sleep(1) end) print('gsub again') end`),
    out: KILLED_AFTER('gsub again'),
  },
  {
    name: 'a sort comparator that yields, under pcall',
    src: killed(
      `while true do local t = {} for i = 1, 20 do t[i] = i end pcall(table.sort, t, function(a, b) os.sleep(1) return a < b end) print('sort again') end`,
      0.001,
    ),
    out: KILLED_AFTER('sort again'),
  },
  {
    name: 'many tasks each catching their own errors',
    src: killed(`for i = 1, 5 do os.spawn(function() while true do pcall(os.sleep, 0.1) print('t', i) end end) end os.sleep(100)`, 0.05),
    out: KILLED,
  },
  { name: 'a task blocked in os.pull under pcall', src: killed(`while true do print(pcall(os.pull, 'never')) end`), out: KILLED },
  { name: 'a task blocked in os.wait for its own child', src: killed(`while true do print(pcall(os.wait, os.run_code('os.sleep(100)'))) end`), out: KILLED },
  {
    name: 'a task blocked in an RPC call under pcall',
    src: killed(`local ctx = os.context() while true do print(pcall(os.rpc(ctx).nobody)) os.sleep(1) end`, 0.5),
    out: /^(false\t.*\n)*true\n137\tkilled\tkilled by process 1\nquiet\n$/,
  },
  { name: 'killing itself under pcall ends it at once', src: `print(pcall(os.kill, os.pid())) print('after self kill')`, out: '', exit: { kind: 'killed' } },
  {
    name: "a killed process's children are adopted by the killer, which may kill them",
    src: `local c = os.run_code([[ os.run_code('os.sleep(1) print("grandchild ran")', { name = 'g' }) os.sleep(100) ]], { name = 'c' })
      os.sleep(0.1) os.kill(c) os.wait(c) print(os.kill(c + 1)) print(os.wait(c + 1)) os.sleep(5) print('done')`,
    out: 'true\n137\tkilled\tkilled by process 1\ndone\n',
  },
];

describe.each(VM_NAMES)('kill finality on %s', (vm) => attacks(vm, KILL));
