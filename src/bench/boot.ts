// How the benchmarks boot thox: a Kernel with the real clock, host randomness, the factory loader and the
// default quantum and memory limit (as `thox run` does), with output captured in memory; and the bench programs.
import { installNativeContexts } from '../contexts/index.js';
import { memoryStore } from '../store/index.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hostRandom, RealClock } from '../host/real-clock.js';
import { Kernel, type KernelOptions } from '../kernel/kernel.js';
import type { Limits } from '../kernel/limits.js';
import { PACKAGE_ROOT } from '../paths.js';
import { FactoryLoader } from '../store/factory.js';
import { loadVm } from '../vm/load.js';
import type { FileSystem } from '../devices/filesystem.js';
import type { Vm, VmName } from '../vm/vm.js';

export interface BenchKernel {
  kernel: Kernel;
  /** Everything processes wrote, per stream. */
  output: { stdout: string; stderr: string };
}

/** Room for the benchmarks' crowds (10,000 processes alive, whether started by the host or by one parent). */
const BENCH_LIMITS: Partial<Limits> = { processes: 100_000 };

/** A kernel as `thox run` builds it (real clock, default quantum and memory limit, raised process limit), output captured;
 *  `devices` adds a file system (the craftos runtime reads its ROM there). */
export function bootKernel(vm: Vm, overrides: Partial<KernelOptions> = {}, devices: { filesystem?: FileSystem } = {}): BenchKernel {
  const output = { stdout: '', stderr: '' };
  const kernel = new Kernel({
    vm,
    clock: new RealClock(),
    random: hostRandom,
    loader: new FactoryLoader(),
    output: (_pid, stream, text) => {
      output[stream] += text;
    },
    limits: BENCH_LIMITS,
    ...overrides,
  });
  installNativeContexts(kernel, { store: memoryStore(), filesystem: devices.filesystem });
  return { kernel, output };
}

/** Loads a VM backend; null (with the reason) when it cannot be loaded (e.g. a backend still being written). */
export async function tryLoadVm(name: VmName): Promise<{ vm: Vm } | { error: string }> {
  try {
    return { vm: await loadVm(name) };
  } catch (e) {
    return { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

/** The absolute path of a bench program in programs/bench/. */
export function benchProgramPath(name: string): string {
  return fileURLToPath(new URL(`programs/bench/${name}.lua`, PACKAGE_ROOT));
}

/** A bench program's source, as the kernel reads programs (latin1 byte strings). */
export function benchProgramSource(name: string): string {
  return readFileSync(benchProgramPath(name), 'latin1');
}

/** The bytes of the wasm linear memory when the backend exposes them (wasmoon), else null. */
export function wasmHeapBytes(vm: Vm): number | null {
  const raw = (vm as unknown as { raw?: { HEAPU8?: Uint8Array } }).raw;
  return raw?.HEAPU8 ? raw.HEAPU8.buffer.byteLength : null;
}
