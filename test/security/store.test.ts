// Attacks on store isolation: writing the system-managed namespaces, reading another program's data
// stream, os.run_code code reaching a stream, names that climb out of the store.
import { describe } from 'vitest';
import { VM_NAMES } from '../../src/vm/vm.js';
import { attacks, type Attack } from './harness.js';

const MANAGED = ['programs', 'libraries', 'runtimes', 'services'];
const NAME_RULE = "use letters, digits, '_', '-' and '.' (not first), no '/' or '..'";
const NO_DATA = 'the data namespace is not reachable through the store context: a program reaches its own stream through the data context';

const STORE: Attack[] = [
  ...MANAGED.map(
    (ns): Attack => ({
      name: `store.put into ${ns} is denied`,
      src: `print(select(2, pcall(os.rpc(0).store.put, '${ns}', 'main', 'print("owned")')))`,
      out: `main:1: call 'store.put' failed: denied: ${ns}/main is system-managed: a process cannot change the ${ns} namespace (the host user can, with 'thox store put')\n`,
    }),
  ),
  {
    name: 'store.remove of a program is denied',
    src: `print(select(2, pcall(os.rpc(0).store.remove, 'programs', 'main')))`,
    out: "main:1: call 'store.remove' failed: denied: programs/main is system-managed: a process cannot change the programs namespace (the host user can, with 'thox store rm')\n",
  },
  {
    name: 'store.put into data is denied',
    src: `print(select(2, pcall(os.rpc(0).store.put, 'data', 'other', 'x')))`,
    out: `main:1: call 'store.put' failed: denied: ${NO_DATA}\n`,
  },
  {
    name: "another program's data stream cannot be read or listed",
    src: `os.wait(os.run('other')) print(select(2, pcall(os.rpc(0).store.get, 'data', 'other'))) print(select(2, pcall(os.rpc(0).store.list, 'data'))) print(os.rpc(0).data.size())`,
    programs: { other: `os.rpc(0).data.write('secret of other')` },
    out: `main:1: call 'store.get' failed: denied: ${NO_DATA}\nmain:1: call 'store.list' failed: denied: ${NO_DATA}\n0\n`,
  },
  {
    name: 'listing every namespace shows no data entries',
    src: `local n = 0 for _, e in ipairs(os.rpc(0).store.list()) do if e.namespace == 'data' then n = n + 1 end end print(n)`,
    out: '0\n',
  },
  { name: 'a program reaches its own stream', src: `local d = os.rpc(0).data print(d.write('mine'), d.seek('set', 0), d.read(10))`, out: 'true\t0\tmine\n' },
  {
    name: 'code run with os.run_code has no stream, even named like a program',
    src: `os.wait(os.run_code('print(select(2, pcall(os.rpc(0).data.write, "x")))', { name = 'main' }))`,
    out: "main:1: call 'data.write' failed: denied: process 2 was started with os.run_code: code has no program, so no data stream\n",
  },
  {
    name: 'store names cannot climb out of a namespace',
    src: `for _, n in ipairs({ '../x', 'a/b', '.hidden' }) do print(select(2, pcall(os.rpc(0).store.get, 'programs', n))) end`,
    out: ['../x', 'a/b', '.hidden'].map((n) => `main:1: call 'store.get' failed: bad argument: bad program name '${n}': ${NAME_RULE}\n`).join(''),
  },
  {
    name: 'empty, overlong and NUL names are refused',
    src: `for _, n in ipairs({ '', ('a'):rep(300), '\\0' }) do print(select(2, pcall(os.rpc(0).store.get, 'programs', n))) end`,
    out: /^main:1: call 'store.get' failed: bad argument: bad program name: empty\n.*longer than 64 characters\n.*bad program name '\\x00'.*\n$/,
  },
  {
    name: 'an unknown namespace or wrong types are a bad argument',
    src: `print(select(2, pcall(os.rpc(0).store.get, 'nope', 'x'))) print(select(2, pcall(os.rpc(0).store.get, 1, 2)))`,
    out: /^main:1: call 'store.get' failed: bad argument.*\nmain:1: call 'store.get' failed: bad argument.*\n$/,
  },
  {
    name: 'bad offsets and sizes on the data stream are bad arguments',
    src: `local d = os.rpc(0).data
      for _, f in ipairs({ function() return d.read(-1) end, function() return d.read(1.5) end, function() return d.write({}) end, function() return d.truncate(-5) end, function() return d.seek('bogus', 0) end }) do
        print((select(2, pcall(f)):match('failed: (bad argument)[: ]'))) end`,
    out: 'bad argument\n'.repeat(5),
  },
  {
    name: 'a stream cannot be grown past the store limit',
    src: `print(select(2, pcall(os.rpc(0).data.truncate, 2^53)))`,
    out: /^main:1: call 'data.truncate' failed: bad argument #1 to 'data.truncate' \(integer out of range\)\n$/,
  },
];

describe.each(VM_NAMES)('store isolation on %s', (vm) => attacks(vm, STORE));
