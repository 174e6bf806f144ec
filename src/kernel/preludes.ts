// The chunks every new process runs before its program: the kernel's sandbox prelude, then its runtime's.
// Each is compiled once to bytecode in a private state (parsing was most of a spawn's cost) and reused.
import type { ByteString, Vm, VmState } from '../vm/vm.js';
import { VmLoadError, VmRunError } from '../vm/vm.js';
import { LIBRARY_SOURCES, SANDBOX_SOURCE } from './sandbox.js';

/** How a traceback names the preludes' frames: their bytecode is stripped, so Lua itself can only say `?`. */
const PRELUDE_FRAME = '[prelude]';
const SANDBOX_CHUNK = '=kernel:sandbox';

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
    this.runOne(state, SANDBOX_SOURCE, SANDBOX_CHUNK);
    this.runOne(state, runtimeSource, `=runtime:${runtime}`);
  }

  /** The stripped bytecode of one of the kernel's libraries (the sandbox loads it on first use). */
  library(name: string): ByteString {
    const source = LIBRARY_SOURCES.get(name);
    if (source === undefined) throw new VmRunError(`no kernel library '${name}'`);
    return this.bytecode(source, `=kernel:${name}`, true);
  }

  private runOne(state: VmState, source: ByteString, chunkname: string): void {
    state.call(state.loadPrecompiled(this.bytecode(source, chunkname, chunkname === SANDBOX_CHUNK), chunkname), []);
  }

  /**
   * The chunk's bytecode. The sandbox's is stripped of debug information (its line numbers and locals never reach
   * a program); a runtime keeps its line numbers, so its author's errors say where (`runtime:NAME:12: ...`).
   * A syntax error is a VmLoadError in the chunk's own words.
   */
  private bytecode(source: ByteString, chunkname: string, strip: boolean): ByteString {
    const cached = this.compiled.get(chunkname);
    if (cached?.source === source) return cached.bytecode;
    this.compiler ??= this.vm.newState({ memoryLimit: 0, hookCount: 0, onHook: () => 'continue' });
    const dump = this.compiler.load(
      'local src, name, strip = ... local f, err = load(src, name, "t") if not f then return nil, err end return string.dump(f, strip)',
      '=kernel:compiler',
    );
    const [bytecode, error] = this.compiler.call(dump, [source, chunkname, strip]);
    this.compiler.unref(dump);
    if (typeof error === 'string') throw new VmLoadError(error);
    if (typeof bytecode !== 'string') throw new VmRunError(`cannot precompile ${chunkname}`);
    this.compiled.set(chunkname, { source, bytecode });
    return bytecode;
  }
}
