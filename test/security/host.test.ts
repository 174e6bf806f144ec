// Attacks that try to reach the host from Lua: io, package.loadlib, debug, string.dump, binary chunks,
// the string metatable, _ENV games, os.execute, require of paths. Each must find nothing or get Lua's error.
import { describe } from 'vitest';
import { VM_NAMES } from '../../src/vm/vm.js';
import { attacks, type Attack } from './harness.js';

/** thox's refusal of a binary chunk string.dump did not make in this process. */
const FOREIGN = 'attempt to load a binary chunk (thox loads only what string.dump made in this process)';
const NO_LIB = "use letters, digits, '_', '-' and '.' (not first), no '/' or '..'";

const HOST: Attack[] = [
  {
    name: 'io reaches only the process streams and the system file system: no popen, no host files',
    src: `print(io.popen, rawget(_G, 'io') == io, io.open('/etc/passwd'), io.open('../../etc/passwd'))`,
    out: 'nil\ttrue\tnil\tnil\t/../../etc/passwd: Invalid Path\t5\n',
  },
  {
    name: 'package has no loadlib, no C path, and searchpath reads no host file',
    src: `print(package.loadlib, package.cpath, package.searchpath('passwd', '/etc/?'))`,
    out: "nil\t\tnil\tno file '/etc/passwd'\n",
  },
  {
    name: 'debug has no registry and reaches nothing of the preludes (their functions read as C ones)',
    src: `print(debug.getregistry, debug.debug, debug.getupvalue(print, 1), debug.setupvalue(os.pid, 1, 0), debug.getinfo(print).source, debug.getlocal(require, 1))`,
    out: 'nil\tnil\tnil\tnil\t=[C]\tnil\n',
  },
  {
    name: "string.dump dumps only the program's own Lua functions (not C, host or prelude ones)",
    src: `print(pcall(string.dump, print)) print(pcall(string.dump, os.pid)) print(pcall(string.dump, require))`,
    out: 'false\tunable to dump given function\nfalse\tunable to dump given function\nfalse\tunable to dump given function\n',
  },
  {
    name: 'load takes back a dump made here, byte for byte, and no other binary chunk',
    src: `local d = string.dump(function() return 7 end)
      print(load(d)(), load(d:sub(1, -2)), load(d .. ' '))
      print(load(d:sub(1, 5) .. string.char(d:byte(6) ~ 1) .. d:sub(7)))`,
    out: `7\tnil\tnil\t${FOREIGN}\nnil\t${FOREIGN}\n`,
  },
  {
    name: "load in mode 'b' refuses text as Lua does, and every binary chunk",
    src: `print(load('return 1', 'x', 'b')) print(load('\\27Lua', 'x', 'b'))`,
    out: `nil\tattempt to load a text chunk (mode is 'b')\nnil\t${FOREIGN}\n`,
  },
  { name: 'load refuses a string starting with \\27', src: `print(load('\\27LuaT\\0\\25\\147'))`, out: `nil\t${FOREIGN}\n` },
  { name: "load refuses a binary chunk under mode 'bt'", src: `print(load('\\27Lua', 'x', 'bt'))`, out: `nil\t${FOREIGN}\n` },
  {
    name: 'load refuses a binary chunk given piece by piece by a reader',
    src: `local parts, i = { '\\27', 'LuaT' }, 0 print(load(function() i = i + 1 return parts[i] end))`,
    out: `nil\t${FOREIGN}\n`,
  },
  {
    name: "dofile and loadfile read the system's file system, and the 5.1 escape hatches are gone",
    src: `print(loadfile('/etc/passwd')) print(pcall(dofile, '/etc/passwd')) print(loadstring, module, setfenv, getfenv, newproxy)`,
    out: 'nil\tcannot open /etc/passwd: No such file or directory\nfalse\tcannot open /etc/passwd: No such file or directory\nnil\tnil\tnil\tnil\tnil\n',
  },
  {
    name: 'the host os functions are gone',
    src: `print(os.execute, os.setlocale('pt_BR'), os.getenv('HOME'), os.getenv('PATH'), os.remove('/tmp'), os.rename('/tmp', '/x'))`,
    out: 'nil\tnil\tnil\tnil\tnil\tnil\tNo such file or directory\t2\n',
  },
  {
    name: 'os is the native API and nothing more',
    src: `local n = {} for k in pairs(os) do n[#n + 1] = k end table.sort(n) print(table.concat(n, ','))`,
    out: 'answer,args,bind,call,cancel,clock,close,context,date,difftime,epoch,exit,filter,getenv,info,join,kill,listen,pid,ppid,pull,push,queue,remove,rename,restrict,rpc,run,run_code,setlocale,share,sleep,spawn,status,tid,time,timeout,timer,tmpname,unbind,unlisten,wait,watchdog,write,yield\n',
  },
  {
    name: 'no sandbox internals among the globals',
    src: `local n = {} for k in pairs(_G) do if type(k) == 'string' and (k:find('^_') or k:find('sys')) then n[#n + 1] = k end end table.sort(n) print(table.concat(n, ','))`,
    out: '_G,_VERSION\n',
  },
  {
    name: 'the string library has no extra fields',
    src: `local n = {} for k in pairs(string) do n[#n + 1] = k end table.sort(n) print(table.concat(n, ','))`,
    out: 'byte,char,dump,find,format,gmatch,gsub,len,lower,match,pack,packsize,rep,reverse,sub,unpack,upper\n',
  },
  {
    name: "getmetatable('').__index is the process's own string table",
    src: `local mt = getmetatable('') print(type(mt), mt.__index == string) print(pcall(setmetatable, '', {}))`,
    out: /^table\ttrue\nfalse\tbad argument #1 to '.*' \(table expected, got string\)\n$/,
  },
  {
    name: "rewiring getmetatable('').__index reaches only this process's strings",
    src: `getmetatable('').__index = function() return os end print(('x').pid == os, ('x').upper == os)`,
    out: 'true\ttrue\n',
  },
  {
    name: 'an _ENV of our own over _G still finds no host function',
    src: `local env = setmetatable({}, { __index = _G }) print(load('return io.popen, os.execute, package.loadlib, debug.getregistry', 'c', 't', env)())`,
    out: 'nil\tnil\tnil\tnil\n',
  },
  {
    name: '_ENV captured from a closure is the same sandboxed _G',
    src: `local function f() return _ENV end print(f() == _G, rawget(f(), 'loadstring'))`,
    out: 'true\tnil\n',
  },
  {
    name: 'load with an empty env gives a chunk with no globals at all',
    src: `print(pcall(load('return io or print or os', 'c', 't', {})))`,
    out: 'true\tnil\n',
  },
  {
    name: "the preludes' functions have no reachable metatables",
    src: `print(getmetatable(_G), getmetatable(os), getmetatable(string), getmetatable(print))`,
    out: 'nil\tnil\tnil\tnil\n',
  },
  {
    name: 'require of an absolute path',
    src: `print(select(2, pcall(require, '/etc/passwd')))`,
    out: `module '/etc/passwd' not found:\n\tno field package.preload['/etc/passwd']\n\tno file './/etc/passwd.lua'\n\tno file './/etc/passwd/init.lua'\n\tbad library name '/etc/passwd': ${NO_LIB}\n`,
  },
  {
    name: 'require of a relative path up the tree',
    src: `print(select(2, pcall(require, '../../etc/passwd')))`,
    out: `module '../../etc/passwd' not found:\n\tno field package.preload['../../etc/passwd']\n\tno file './//////etc/passwd.lua'\n\tno file './//////etc/passwd/init.lua'\n\tbad library name '../../etc/passwd': ${NO_LIB}\n`,
  },
  {
    name: 'require of another namespace of the store',
    src: `print(select(2, pcall(require, 'programs/main')))`,
    out: `module 'programs/main' not found:\n\tno field package.preload['programs/main']\n\tno file './programs/main.lua'\n\tno file './programs/main/init.lua'\n\tbad library name 'programs/main': ${NO_LIB}\n`,
  },
  {
    name: 'require of a dotted name stays in libraries/',
    src: `print(select(2, pcall(require, 'a.b.c')))`,
    out: "module 'a.b.c' not found:\n\tno field package.preload['a.b.c']\n\tno file './a/b/c.lua'\n\tno file './a/b/c/init.lua'\n\tno library 'libraries/a.b.c.lua' in the store\n",
  },
  {
    name: 'a __gc metamethod runs as ordinary code of the process, where the hook still preempts it',
    src: `setmetatable({}, { __gc = function() local n = 0 for i = 1, 3e6 do n = n + i end print('finalized', os.info().preemptions > 0) end }) collectgarbage() print('after')`,
    out: 'finalized\ttrue\nafter\n',
    only: 'wasmoon',
  },
  {
    name: 'a __gc added after setmetatable never runs',
    src: `local mt = {} local t = setmetatable({}, mt) mt.__gc = function() print('gc ran') end t = nil collectgarbage() collectgarbage() print('done')`,
    out: 'done\n',
  },
  {
    name: 'a stopped collector leaves the memory limit in force',
    src: `collectgarbage('stop') collectgarbage('generational') local t = {} for i = 1, 1e9 do t[i] = { i } end`,
    out: '',
    exit: { kind: 'killed', message: /memory/ },
    memoryLimit: 4 * 1024 * 1024,
    only: 'wasmoon',
  },
  {
    name: 'the running main coroutine cannot be closed',
    src: `print(pcall(coroutine.close, coroutine.running()))`,
    out: 'false\tcannot close a running coroutine\n',
    only: 'wasmoon',
  },
];

describe.each(VM_NAMES)('reaching host functions on %s', (vm) => attacks(vm, HOST));
