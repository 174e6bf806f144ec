// Device costs, each against a baseline in the same run: input events from a script to a process pulling them,
// modem messages within one computer and between two, and peripheral calls (redstone getInput).
import { installNativeContexts } from '../contexts/index.js';
import type { InputDelivery } from '../contexts/input.js';
import { Peripherals } from '../contexts/peripheral.js';
import { driveComputers } from '../cli/computers.js';
import { peripheralType } from '../devices/peripherals/registry.js';
import { World } from '../devices/peripherals/world.js';
import { Terminal } from '../devices/terminal.js';
import { parseInputScript } from '../devices/input-script.js';
import { drive } from '../host/driver.js';
import { ScriptFeed } from '../host/input-feed.js';
import { hostRandom, RealClock } from '../host/real-clock.js';
import type { Clock } from '../kernel/clock.js';
import { Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';
import { FactoryLoader } from '../store/factory.js';
import type { Vm } from '../vm/vm.js';
import { median, timed } from './stats.js';
import { num, type Table } from './table.js';

export interface DevicesResult {
  tables: Table[];
}

/** One computer for the benchmarks: a kernel on `clock` with the native contexts and the given peripherals. */
interface BenchComputer {
  kernel: Kernel;
  input: InputDelivery;
  spawn(source: string): Process;
}

function computer(vm: Vm, clock: Clock, world: World, id: number, attached: Record<string, string>): BenchComputer {
  const kernel = new Kernel({
    vm,
    clock,
    random: hostRandom,
    loader: new FactoryLoader(),
    output: (_pid, stream, text) => {
      if (stream === 'stderr') process.stderr.write(text);
    },
  });
  const peripherals = new Peripherals(kernel, world, id);
  for (const [name, type] of Object.entries(attached)) peripherals.attach(name, peripheralType(type));
  const input = installNativeContexts(kernel, { terminal: new Terminal(), peripherals });
  return { kernel, input, spawn: (source) => kernel.spawn({ name: 'bench_devices', source }) };
}

/** Runs a process to its end on a computer of its own; returns `count` things per CPU second. */
function rate(vm: Vm, attached: Record<string, string>, source: string, count: number): number {
  const c = computer(vm, new RealClock(), new World(), 0, attached);
  const { cpuMs } = timed(() => {
    const p = c.spawn(source);
    c.kernel.runUntilIdle({ until: () => p.exit !== null });
    ended(p);
  });
  return count / (cpuMs / 1000);
}

/** CPU milliseconds of this process (user + system, all threads) while `body` runs to its end. */
async function cpuMsOf(body: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await body();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function ended(p: Process): void {
  if (p.exit?.kind !== 'exited') throw new Error(`bench_devices: ${p.exit?.kind ?? 'still running'} ${p.exit?.message ?? ''}`);
}

/** `os.queue` then `os.pull` of the event, n times in one process: the baseline of an event's trip. */
const QUEUE_PULL = (n: number): string => `for i = 1, ${n} do os.queue({ type = 'x' }) os.pull('x') end`;

/** Events per CPU second from an input script (`thox run --input`: one event a step, taken when idle) to a puller. */
async function scriptEvents(vm: Vm, n: number): Promise<number> {
  const c = computer(vm, new RealClock(), new World(), 0, {});
  const steps = parseInputScript(Array.from({ length: n }, (_, i) => `char ${String.fromCharCode(97 + (i % 26))}`).join('\n'));
  const p = c.spawn(`for i = 1, ${n} do os.pull('char') end`);
  const cpuMs = await cpuMsOf(() => drive(c.kernel, p.pid, { input: new ScriptFeed(steps, c.input, new Terminal()) }).then(() => ended(p)));
  return n / (cpuMs / 1000);
}

/** Events per CPU second the host delivers in bursts of 200 (below the queue's bound) to a process pulling them. */
function burstEvents(vm: Vm, n: number): number {
  const c = computer(vm, new RealClock(), new World(), 0, {});
  const { cpuMs } = timed(() => {
    const p = c.spawn(`for i = 1, ${n} do os.pull('char') end`);
    for (let sent = 0; sent < n; sent += 200) {
      c.kernel.runUntilIdle({ until: () => p.exit !== null });
      for (let i = 0; i < Math.min(200, n - sent); i++) c.input.deliver({ type: 'char', char: 'a' });
    }
    c.kernel.runUntilIdle({ until: () => p.exit !== null });
    ended(p);
  });
  return n / (cpuMs / 1000);
}

/** Modem messages per CPU second within one computer: one process transmits on `top` and pulls on `bottom`, n times. */
const ONE_COMPUTER = (n: number): string => `
local c = os.rpc(0).peripheral.call
c('bottom', 'open', 1)
for i = 1, ${n} do c('top', 'transmit', 1, 2, i) os.pull('modem_message') end`;

/** Computer 0 sends `n` messages on channel 1, each answered by computer 1 on channel 2 (a ping-pong). */
const PING = (n: number): string => `
local c = os.rpc(0).peripheral.call
c('top', 'open', 2)
for i = 1, ${n} do c('top', 'transmit', 1, 2, i) os.pull('modem_message') end`;
const PONG = (n: number): string => `
local c = os.rpc(0).peripheral.call
c('top', 'open', 1)
for i = 1, ${n} do local e = os.pull('modem_message') c('top', 'transmit', e.replyChannel, 1, e.message) end`;

/** Modem messages per CPU second between two computers driven as `thox run --computers 2` drives them. */
async function twoComputers(vm: Vm, n: number): Promise<number> {
  const clock = new RealClock();
  const world = new World();
  const a = computer(vm, clock, world, 0, { top: 'modem' });
  const b = computer(vm, clock, world, 1, { top: 'modem' });
  const pong = b.spawn(PONG(n));
  b.kernel.runUntilIdle(); // channel 1 open before the first ping
  const ping = a.spawn(PING(n));
  const cpuMs = await cpuMsOf(async () => {
    const computers = [
      { id: 0, kernel: a.kernel, process: ping },
      { id: 1, kernel: b.kernel, process: pong },
    ];
    const result = await driveComputers(computers, clock);
    if (result.kind !== 'exited') throw new Error(`bench_devices: two computers ended in ${result.kind}`);
    ended(ping);
    ended(pong);
  });
  return (2 * n) / (cpuMs / 1000);
}

/** Calls of one method in a loop: a peripheral's, or a native context's (the baseline, the same RPC path). */
const CALLS = (n: number, call: string): string => `
local P, computer = os.rpc(0).peripheral, os.rpc(0).computer
for i = 1, ${n} do ${call} end`;

export async function runDevices(config: { vm: Vm; n: number; reps: number }, log: (line: string) => void): Promise<DevicesResult> {
  const { vm, n, reps } = config;
  const best = async (measure: () => number | Promise<number>): Promise<number> => {
    const rates: number[] = [];
    for (let i = 0; i < reps; i++) rates.push(await measure());
    return median(rates);
  };
  const queuePull = await best(() => rate(vm, {}, QUEUE_PULL(n), n));
  const script = await best(() => scriptEvents(vm, n / 10));
  const burst = await best(() => burstEvents(vm, n));
  log('  input measured');
  const within = await best(() => rate(vm, { top: 'modem', bottom: 'modem' }, ONE_COMPUTER(n), n));
  const between = await best(() => twoComputers(vm, n / 10));
  log('  modems measured');
  const nativeCalls = await best(() => rate(vm, {}, CALLS(n, 'computer.getID()'), n));
  const peripheralCalls = await best(() => rate(vm, { left: 'redstone_relay' }, CALLS(n, "P.call('left', 'getInput', 'top')"), n));
  log('  peripheral calls measured');
  const vs = (value: number, base: number): string => `${((value / base) * 100).toFixed(0)}%`;
  return {
    tables: [
      {
        title: `Devices: input, modems, peripheral calls, ${vm.name}`,
        columns: ['measure', 'per second', 'of the baseline'],
        rows: [
          ['baseline: os.queue + os.pull of one event, one process', num(queuePull), '100%'],
          ['input events, script (one per idle step, as --input), pulled', num(script), vs(script, queuePull)],
          ['input events, delivered 200 at a time by the host, pulled', num(burst), vs(burst, queuePull)],
          ['modem messages within one computer (transmit on top, pull on bottom)', num(within), vs(within, queuePull)],
          ['modem messages between two computers (ping-pong, as --computers 2)', num(between), vs(between, queuePull)],
          ['baseline: native context call (computer.getID)', num(nativeCalls), '100%'],
          ['peripheral calls (redstone_relay getInput)', num(peripheralCalls), vs(peripheralCalls, nativeCalls)],
        ],
        notes: [
          `median of ${reps} runs, per CPU second; ${num(n)} events, messages or calls each (${num(n / 10)} for the script and two computers)`,
          'the first five rows are judged against the first baseline, peripheral calls against the second (the same RPC path)',
        ],
      },
    ],
  };
}
