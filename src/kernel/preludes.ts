// The chunks every new process runs before its program: the kernel's sandbox prelude, then its runtime's.
// Each is compiled once to bytecode in a private state (parsing was most of a spawn's cost) and reused.
import type { ByteString, Vm, VmState } from '../vm/vm.js';
import { VmRunError } from '../vm/vm.js';
import { SANDBOX_SOURCE } from './sandbox.js';

/** How a traceback names the preludes' frames: their bytecode is stripped, so Lua itself can only say `?`. */
const PRELUDE_FRAME = '[prelude]';

/** A traceback with the preludes' frames named (`?: in method 'gsub'` becomes `[prelude]: in method 'gsub'`). */
export function namePreludeFrames(traceback: string): string {
  return traceback.replace(/^(\s+)\?: in /gm, `$1${PRELUDE_FRAME}: in `);
}

export class Preludes {
  private compiler: VmState | null = null;
  private readonly compiled = new Map<string, { source: ByteString; bytecode: ByteString }>();

  constructor(private readonly vm: Vm) {}

  /** Runs the sandbox prelude, then the runtime's, in a new process's state. */
  run(state: VmState, runtime: string, runtimeSource: ByteString): void {
    this.runOne(state, SANDBOX_SOURCE, '=kernel:sandbox');
    this.runOne(state, runtimeSource, `=runtime:${runtime}`);
  }

  private runOne(state: VmState, source: ByteString, chunkname: string): void {
    state.call(state.loadPrecompiled(this.bytecode(source, chunkname), chunkname), []);
  }

  /** The chunk's bytecode, debug information stripped (the preludes' own line numbers never reach a program). */
  private bytecode(source: ByteString, chunkname: string): ByteString {
    const cached = this.compiled.get(chunkname);
    if (cached?.source === source) return cached.bytecode;
    this.compiler ??= this.vm.newState({ memoryLimit: 0, hookCount: 0, onHook: () => 'continue' });
    const dump = this.compiler.load('local src, name = ... return string.dump(assert(load(src, name, "t")), true)', '=kernel:compiler');
    const [bytecode] = this.compiler.call(dump, [source, chunkname]);
    this.compiler.unref(dump);
    if (typeof bytecode !== 'string') throw new VmRunError(`cannot precompile ${chunkname}`);
    this.compiled.set(chunkname, { source, bytecode });
    return bytecode;
  }
}
