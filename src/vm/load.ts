// Picks a Lua engine by name. The only place the backends are imported, lazily, so a run that
// uses one engine never loads the other.
import type { Vm, VmName } from './vm.js';

export async function loadVm(name: VmName): Promise<Vm> {
  if (name === 'wasmoon') return (await import('./wasmoon.js')).createWasmoonVm();
  if (name === 'fengari') return (await import('./fengari.js')).createFengariVm();
  throw new Error(`unknown VM '${String(name)}'`);
}
