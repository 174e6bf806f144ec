// Attacks through a restricted view: a child whose context 0 allows only rand.* tries os.run, os.run_code,
// os.kill, os.info, require and the proc/store/data/timer contexts, and to widen its view.
import { describe } from 'vitest';
import { VM_NAMES } from '../../src/vm/vm.js';
import { attacks, type Attack } from './harness.js';

/** Runs `child` (Lua source) with a context 0 that allows only rand.*, and waits for it. */
const inView = (child: string, before = ''): string =>
  `local v = os.restrict(0, { allow = { 'rand.*' } }) ${before} os.wait(os.run_code([[ ${child} ]], { context = v, name = 'c' }))`;
const denied = (call: string): string => `denied: call '${call}' is not allowed on context 2`;

const VIEWS: Attack[] = [
  { name: 'rand.* passes the view', src: inView(`print(os.rpc(0).rand.int(4, 4))`), out: '4\n' },
  { name: 'os.run is refused through the view', src: inView(`print(os.run('main'))`), out: `nil\t${denied('proc.run')}\n` },
  { name: 'os.run_code is refused through the view', src: inView(`print(os.run_code('print(1)'))`), out: `nil\t${denied('proc.run_code')}\n` },
  {
    name: 'os.run_code with contexts it guessed is refused too',
    src: inView(`print(os.run_code('print(1)', { contexts = { 1, 2, 3 } }))`),
    out: `nil\t${denied('proc.run_code')}\n`,
  },
  {
    name: 'os.kill of another process is refused through the view',
    src: inView(`print(os.kill(S))`, `local s = os.run_code('os.sleep(5) print("s alive")', { name = 's' })`)
      .replace('os.kill(S)', "os.kill(' .. s .. ')")
      .replace('[[ print', "('print")
      .replace(' ]]', "')"),
    out: `nil\t${denied('proc.kill')}\ns alive\n`,
  },
  {
    name: 'proc.kill over RPC is refused through the view',
    src: inView(`print(select(2, pcall(os.rpc(0).proc.kill, 1)))`),
    out: `c:1: call 'proc.kill' failed: ${denied('proc.kill')}\n`,
  },
  { name: 'os.info of another process is refused through the view', src: inView(`print(os.info(1))`), out: `nil\t${denied('proc.info')}\n` },
  { name: 'os.info of itself still answers (no call needed)', src: inView(`print(os.info().name)`), out: 'c\n' },
  {
    name: 'proc.list is refused through the view',
    src: inView(`print(select(2, pcall(os.rpc(0).proc.list)))`),
    out: `c:1: call 'proc.list' failed: ${denied('proc.list')}\n`,
  },
  {
    name: 'require is refused through the view',
    src: inView(`print(select(2, pcall(require, 'lib')))`),
    out: `module 'lib' not found:\n\tno field package.preload['lib']\n\tno file './lib.lua'\n\tno file './lib/init.lua'\n\tno library 'lib': ${denied('store.get')}\n`,
  },
  {
    name: 'the store context is refused through the view',
    src: inView(`print(select(2, pcall(os.rpc(0).store.get, 'programs', 'main')))`),
    out: `c:1: call 'store.get' failed: ${denied('store.get')}\n`,
  },
  {
    name: 'the data context is refused through the view',
    src: inView(`print(select(2, pcall(os.rpc(0).data.size)))`),
    out: `c:1: call 'data.size' failed: ${denied('data.size')}\n`,
  },
  {
    name: 'the timer context is refused through the view',
    src: inView(`print(select(2, pcall(os.rpc(0).timer.now)))`),
    out: `c:1: call 'timer.now' failed: ${denied('timer.now')}\n`,
  },
  {
    name: 'the view cannot be widened by filtering it',
    src: inView(`print(pcall(os.filter, 0, { allow = { '*' } }))`),
    out: 'false\tonly the owner of context 2 may filter it (use os.restrict for a narrower view)\n',
  },
  {
    name: 'a view of the view allowing proc.* is still bound by the outer filter',
    src: inView(`local w = os.restrict(0, { allow = { 'proc.*' } }) print(select(2, pcall(os.rpc(w).proc.list)))`),
    out: "c:1: call 'proc.list' failed: denied: call 'proc.list' is not allowed on context 3\n",
  },
  {
    name: 'a deny filter blocks the named family and lets the rest pass',
    src: `local v = os.restrict(0, { deny = { 'proc.*' } }) os.wait(os.run_code([[ print(os.run_code('x = 1')) print(os.rpc(0).rand.int(2, 2)) ]], { context = v, name = 'c' }))`,
    out: "nil\tdenied: call 'proc.run_code' is not allowed on context 2\n2\n",
  },
  {
    name: 'a malformed filter is refused',
    src: `print(pcall(os.restrict, 0, { allow = 'rand.*' })) print(pcall(os.restrict, 0, { allow = { 1 } }))`,
    out: /^false\t.+\nfalse\t.+\n$/,
  },
];

describe.each(VM_NAMES)('restricted views on %s', (vm) => attacks(vm, VIEWS));
