// Booting init on a kernel: the service definitions read from the store's `services` namespace, the
// supervisor as pid 1 (the reaper of orphans), and the `service` native context it serves.
import type { Kernel } from '../kernel/kernel.js';
import type { Store } from '../store/index.js';
import { DEFINITION_SUFFIX } from './definitions.js';
import { buildConfiguration, type Configuration } from './graph.js';
import { serviceCalls } from './service-calls.js';
import { Supervisor } from './supervisor.js';

/** Every `services/NAME.svc` entry of the store (user over factory), checked. */
export function loadConfiguration(store: Store): Configuration {
  const files = store
    .list('services')
    .filter((e) => e.name.endsWith(DEFINITION_SUFFIX))
    .map((e) => ({ entry: e.name, source: store.get('services', e.name) ?? '' }));
  return buildConfiguration(files);
}

/** Starts init as the kernel's first process, over the store's definitions; nothing is started yet. */
export function startInit(kernel: Kernel, store: Store): Supervisor {
  const init = new Supervisor(kernel, loadConfiguration(store));
  kernel.interactions.registerNative(
    'service',
    serviceCalls(init, () => loadConfiguration(store)),
  );
  return init;
}
