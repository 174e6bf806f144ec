// An experiment, not a fix: load wasmoon with its emscripten export wrappers (an ASSERTIONS build: two asserts and
// an `apply` per call) replaced by the wasm instance's own exports, to measure what the wrappers cost (--direct-exports).
import { loadVm } from '../vm/load.js';
import type { Vm } from '../vm/vm.js';

type Exports = Record<string, unknown>;

/** Loads a wasmoon VM whose `module._name` functions are the raw wasm exports; throws when that is not possible. */
/** The global WebAssembly object (not in this project's type libraries). */
interface WasmApi { instantiate: (...args: unknown[]) => Promise<unknown> }
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Loads a wasmoon VM whose `module._name` functions are the raw wasm exports; throws when that is not possible. */
export async function loadWasmoonDirect(): Promise<{ vm: Vm; replaced: number }> {
  const original = wasm.instantiate;
  let captured: Exports | null = null;
  wasm.instantiate = (...args: unknown[]) =>
    original.apply(wasm, args).then((result) => {
      const r = result as { instance?: { exports: Exports }; exports?: Exports };
      captured = r.instance?.exports ?? r.exports ?? null;
      return result;
    });
  let vm: Vm;
  try {
    vm = await loadVm('wasmoon');
  } finally {
    wasm.instantiate = original;
  }
  const raw = (vm as unknown as { raw?: Record<string, unknown> }).raw;
  const exports = captured as Exports | null;
  if (!raw || !exports) throw new Error('the wasmoon module or its wasm instance could not be reached');
  let replaced = 0;
  for (const key of Object.keys(raw)) {
    const direct = key.startsWith('_') ? exports[key.slice(1)] : undefined;
    if (typeof direct === 'function' && typeof raw[key] === 'function') {
      raw[key] = direct;
      replaced++;
    }
  }
  if (replaced === 0) throw new Error('no wrapped export found to replace');
  return { vm, replaced };
}
