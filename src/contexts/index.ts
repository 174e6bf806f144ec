// The native contexts served by the kernel on the root context, registered through Interactions.registerNative: proc, timer,
// clock, log, rand, trace, term, input, computer; store/data over a Store, fs over a FileSystem, peripheral over Peripherals.
import type { KernelServices } from '../kernel/services.js';
import { logCalls, type LogLine } from './log.js';
import { procCalls } from './proc.js';
import { randCalls } from './rand.js';
import { timerCalls } from './timer.js';
import { clockCalls } from './clock.js';
import { dataCalls } from './data.js';
import { storeCalls } from './store.js';
import type { Store } from '../store/index.js';
import { Terminal } from '../devices/terminal.js';
import { termCalls } from './term.js';
import { traceCalls } from './trace.js';

import { fsCalls } from './fs.js';
import { type ComputerInfo, computerCalls } from './computer.js';
import type { Peripherals } from './peripheral.js';
import { Focus, inputCalls, InputDelivery } from './input.js';
import type { FileSystem } from '../devices/filesystem.js';

export function installNativeContexts(
  kernel: KernelServices,
  options: {
    store?: Store;
    log?: (line: LogLine) => void;
    filesystem?: FileSystem;
    terminal?: Terminal;
    computer?: ComputerInfo;
    peripherals?: Peripherals;
  } = {},
): InputDelivery {
  if (options.store) {
    kernel.interactions.registerNative('store', storeCalls(options.store));
    kernel.interactions.registerNative('data', dataCalls(kernel, options.store));
  }
  kernel.interactions.registerNative('proc', procCalls(kernel));
  kernel.interactions.registerNative('timer', timerCalls(kernel));
  kernel.interactions.registerNative('clock', clockCalls(kernel));
  kernel.interactions.registerNative('log', logCalls(kernel, options.log));
  kernel.interactions.registerNative('rand', randCalls(kernel));
  kernel.interactions.registerNative('trace', traceCalls(kernel));
  const focus = new Focus();
  const input = new InputDelivery(kernel, focus);
  kernel.interactions.registerNative('term', termCalls(kernel, options.terminal ?? new Terminal(), focus));
  kernel.interactions.registerNative('input', inputCalls(input));
  if (options.filesystem) kernel.interactions.registerNative('fs', fsCalls(kernel, options.filesystem));
  kernel.interactions.registerNative('computer', computerCalls(options.computer ?? { id: 0, label: null }));
  if (options.peripherals) kernel.interactions.registerNative('peripheral', options.peripherals.calls());
  return input;
}
