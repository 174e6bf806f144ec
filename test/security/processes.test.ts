// Attacks that try to reach another process: shared metatables and globals, tables leaked through RPC,
// listening to queues one did not join, answering others' calls, guessing context, process and task ids.
import { describe } from 'vitest';
import { VM_NAMES } from '../../src/vm/vm.js';
import { attacks, type Attack } from './harness.js';

const PROCESSES: Attack[] = [
  {
    name: "a child does not see its parent's rewired string metatable",
    src: `getmetatable('').__index = function() return 'pwned' end local c = os.run('child') os.wait(c)`,
    programs: { child: `print(type(('x').upper), ('x'):upper())` },
    out: 'function\tX\n',
  },
  {
    name: "a child does not see its parent's globals or library changes",
    src: `secret = 'mine' string.evil = 1 os.wait(os.run('child'))`,
    programs: { child: `print(secret, string.evil)` },
    out: 'nil\tnil\n',
  },
  {
    name: 'a table passed in a call is a copy: the callee changes its own',
    src: `local ctx = os.context()
      local srv = os.run_code([[ assert(os.bind(0, 'keep')) local call = os.pull('call') local t = call.args[1] t.x = 'changed' os.answer(call.cid, os.status.OK, t) ]], { context = ctx })
      os.yield() local mine = { x = 'orig' } local back = os.rpc(ctx).keep(mine) print(mine.x, back.x, rawequal(mine, back))`,
    out: 'orig\tchanged\tfalse\n',
  },
  {
    name: 'a metatable does not travel with a value (no code crosses)',
    src: `local ctx = os.context()
      local srv = os.run_code([[ assert(os.bind(0, 'm')) local call = os.pull('call') print('callee', getmetatable(call.args[1])) os.answer(call.cid, os.status.OK, call.args[1]) ]], { context = ctx })
      os.yield() local back = os.rpc(ctx).m(setmetatable({}, { __index = function() return 'leak' end })) print(getmetatable(back), back.anything)`,
    out: 'callee\tnil\nnil\tnil\n',
  },
  {
    name: 'a function cannot be passed in a call',
    src: `print(pcall(os.call, 0, 'x', print))`,
    out: "false\tbad argument #3 to 'call' (cannot copy a function value)\n",
  },
  {
    name: 'a coroutine cannot be passed in a call',
    src: `print(pcall(os.call, 0, 'x', coroutine.create(print)))`,
    out: "false\tbad argument #3 to 'call' (cannot copy a thread value)\n",
  },
  {
    name: 'a function nested in a table cannot be passed in a call',
    src: `print(pcall(os.call, 0, 'x', { a = { f = print } }))`,
    out: "false\tbad argument #3 to 'call' (cannot copy a function value)\n",
  },
  {
    name: 'a process that did not listen gets none of the messages on a shared context',
    src: `local ctx = os.context()
      local spy = os.run_code([[ os.sleep(1) local e = os.pull(nil, 0) print('spy got', e and e.type) ]], { context = ctx, name = 'spy' })
      local listener = os.run_code([[ assert(os.listen(0, 'secret')) print('listener got', os.pull('message').value) ]], { context = ctx, name = 'listener' })
      os.yield() os.yield() print('reached', os.push(ctx, 'secret', 'pw')) os.wait(spy) os.wait(listener)`,
    out: 'reached\t1\nlistener got\tpw\nspy got\tnil\n',
  },
  {
    name: "a bystander on the callee's context sees neither the call nor its answer",
    src: `local ctx = os.context()
      local srv = os.run_code([[ assert(os.bind(0, 'q')) local call = os.pull('call') os.answer(call.cid, os.status.OK, 'for caller') ]], { context = ctx })
      local spy = os.run_code([[ local e = os.pull(nil, 2) print('spy', e and e.type) ]], { context = ctx })
      os.yield() print(os.rpc(ctx).q()) os.wait(spy)`,
    out: 'for caller\nspy\tnil\n',
  },
  {
    name: "answering someone else's call with guessed cids is refused; the real answer arrives",
    src: `local ctx = os.context()
      local srv = os.run_code([[ assert(os.bind(0, 'slow')) local call = os.pull('call') os.sleep(5) os.answer(call.cid, os.status.OK, 'real') ]], { context = ctx })
      local forger = os.run_code([[ os.sleep(1) local n = 0 for cid = -5, 50 do if os.answer(cid, os.status.OK, 'forged') then n = n + 1 end end print('forged', n) ]], { context = ctx })
      os.yield() print(os.rpc(ctx).slow()) os.kill(srv)`,
    out: 'forged\t0\nreal\n',
  },
  {
    name: 'a forged cid gets a clear refusal',
    src: `print(os.answer(1, 0, 'x')) print(pcall(os.answer, 'x', 0)) print(pcall(os.answer, 1.5, 0))`,
    out: "nil\tno call 1 waits for an answer from this process\nfalse\tbad argument #1 to 'answer' (number expected, got string)\nfalse\tbad argument #1 to 'answer' (number has no integer representation)\n",
  },
  {
    name: 'a call is answered once: a second answer is refused',
    src: `local ctx = os.context()
      local srv = os.run_code([[ assert(os.bind(0, 'a')) local call = os.pull('call') print(os.answer(call.cid, os.status.OK, 1)) print(os.answer(call.cid, os.status.OK, 2)) ]], { context = ctx })
      os.yield() print(os.rpc(ctx).a()) os.wait(srv)`,
    out: 'true\nnil\tno call 1 waits for an answer from this process\n1\n',
  },
  {
    name: 'a call on a guessed context id is answered denied',
    src: `local cid = os.call(17, 'x', 1) local a = os.pull({ type = 'answer', cid = cid }) print(os.status[a.status], a.args[1])`,
    out: 'denied\tcontext 17 is not held by this process\n',
  },
  {
    name: "binding, listening, pushing and restricting on another process's context are refused",
    src: `local a = os.run_code('os.context() os.sleep(10)', { name = 'a' }) os.sleep(1)
      print(pcall(os.bind, 3, 'x')) print(pcall(os.listen, 3, 'x')) print(pcall(os.push, 3, 'x', 1)) print(pcall(os.restrict, 3, { allow = { 'a' } })) os.kill(a)`,
    out: 'false\tcontext 3 is not held by this process\n'.repeat(4),
  },
  {
    name: 'nothing can be bound on the root context (no fake native call)',
    src: `print(pcall(os.bind, 0, 'proc.run'))`,
    out: 'false\tthe root context is served by the kernel: nothing can be bound on it\n',
  },
  {
    name: 'a name bound by the owner cannot be taken or unbound by a guest',
    src: `local ctx = os.context() assert(os.bind(ctx, 'n')) os.wait(os.run_code([[ print(pcall(os.bind, 0, 'n')) print(pcall(os.unbind, 0, 'n')) ]], { context = ctx })) print('still mine', os.unbind(ctx, 'n'))`,
    out: /^false\t'n' is already bound on context 2 by process 1\nfalse\t.+\nstill mine\ttrue\n$/,
  },
  {
    name: 'sharing a context one does not hold grants nothing; a forged share key is plain data',
    src: `local ctx = os.context()
      local srv = os.run_code([[ assert(os.bind(0, 'give')) local call = os.pull('call') os.answer(call.cid, os.status.OK, { [ "\\0thox-share" ] = 7 }, os.share(12)) ]], { context = ctx })
      os.yield() local t, shared = os.rpc(ctx).give() print(type(t), shared) print(pcall(os.call, 7, 'x'))`,
    out: /^table\tnil\ntrue\t\d+\n$/,
  },
  {
    name: 'killing the parent, an ancestor or pid 0 is refused',
    src: `os.wait(os.run_code('print(os.kill(os.ppid())) print(os.kill(0))', { name = 'c' })) print('parent alive')`,
    out: 'nil\tprocess 1 is not a descendant of 2\nnil\tno such process: 0\nparent alive\n',
  },
  {
    name: 'killing a sibling is refused',
    src: `local a = os.run_code('os.sleep(5) print("a survived")', { name = 'a' }) os.wait(os.run_code('print(os.kill(' .. a .. '))', { name = 'b' })) os.wait(a)`,
    out: 'nil\tprocess 2 is not a descendant of 3\na survived\n',
  },
  {
    name: "waiting for another's child is refused (its status stays for the parent)",
    src: `local a = os.run_code('os.sleep(1)', { name = 'a' }) os.wait(os.run_code('print(os.wait(' .. a .. '))', { name = 'b' })) print(os.wait(a))`,
    out: 'nil\tnot a child of this process: 2\n0\texited\tnil\n',
  },
  {
    name: "task ids are per process: joining 'task 1' in a child is its own main task",
    src: `print(select(3, os.wait(os.run_code('os.join(1)', { name = 'c' }))))`,
    out: 'c:1: a task cannot join itself\n',
  },
  {
    name: 'a queued fake answer reaches only the process that queued it',
    src: `local ctx = os.context()
      local c = os.run_code([[ local e = os.pull('answer', 1) print('child', e) ]], { name = 'c' }) os.queue({ type = 'answer', cid = 1, status = 0 }) os.wait(c) print(os.pull('answer').cid)`,
    out: 'child\tnil\n1\n',
  },
];

describe.each(VM_NAMES)('reaching another process on %s', (vm) => attacks(vm, PROCESSES));
