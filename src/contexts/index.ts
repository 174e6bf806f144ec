// The native contexts served by the kernel on the root context, registered through the one interface
// the kernel offers (Interactions.registerNative): proc, timer, log, rand, and store/data over a Store.
import type { KernelServices } from '../kernel/services.js';
import { logCalls, type LogLine } from './log.js';
import { procCalls } from './proc.js';
import { randCalls } from './rand.js';
import { timerCalls } from './timer.js';
import { dataCalls } from './data.js';
import { storeCalls } from './store.js';
import type { Store } from '../store/index.js';

export function installNativeContexts(kernel: KernelServices, options: { store?: Store; log?: (line: LogLine) => void } = {}): void {
  if (options.store) {
    kernel.ipc.registerNative('store', storeCalls(options.store));
    kernel.ipc.registerNative('data', dataCalls(kernel, options.store));
  }
  kernel.ipc.registerNative('proc', procCalls(kernel));
  kernel.ipc.registerNative('timer', timerCalls(kernel));
  kernel.ipc.registerNative('log', logCalls(kernel, options.log));
  kernel.ipc.registerNative('rand', randCalls(kernel));
}
