// The chunks every new process runs before its program: the kernel's sandbox prelude (at spawn), then its
// runtime's (as its main task's first function). Each is compiled once to bytecode in a private state and reused
// (parsing was most of a spawn's cost).
import type { ByteString, HostFunction, Vm, VmRef, VmState } from '../vm/vm.js';
import { LuaError, VmLoadError, VmRunError } from '../vm/vm.js';
import { ERROR_TEXT_SOURCE, KERNEL_CHUNKS, MAIN_TASK_SOURCE, SANDBOX_SOURCE } from './sandbox.js';

const SANDBOX_CHUNK = '=kernel:sandbox';
const MAIN_TASK_CHUNK = '=kernel:main-task';
const ERROR_TEXT_CHUNK = '=kernel:error-text';

/** A frame line of the kernel's preludes (stripped bytecode: Lua itself can only say `?`), and of a C function. */
const PRELUDE_LINE = /^\t\?: in (.*)$/;
const C_LINE = /^\t\[(C|JS)\]: in /; // fengari says JS

/**
 * A traceback as Lua prints it where the kernel's wrappers stand for its C functions: each run of the preludes'
 * frames, with the C functions they called (`error`...), reads as one C frame named as the outermost
 * (`[C]: in function 'string.rep'`, or `[C]: in ?` where Lua finds no name either). A wrapper called by the C
 * function that stands for it (sys.as_c: `[C]: in function 'string.match'` right after it) is that frame.
 */
export function namePreludeFrames(traceback: string): string {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    let last = run.length - 1;
    while (last >= 0 && !PRELUDE_LINE.test(run[last])) last--;
    const calledByItsCFrame = last >= 0 && last < run.length - 1 && PRELUDE_LINE.exec(run[last])![1].startsWith('function <');
    if (last >= 0 && !calledByItsCFrame) {
      const where = PRELUDE_LINE.exec(run[last])![1];
      out.push(`\t[C]: in ${where.includes('?') ? '?' : where}`);
    }
    out.push(...run.slice(last + 1));
    run = [];
  };
  for (const line of traceback.split('\n')) {
    if (PRELUDE_LINE.test(line) || C_LINE.test(line)) {
      run.push(line);
      continue;
    }
    flush();
    out.push(line);
  }
  flush();
  return out.join('\n');
}

export class Preludes {
  private compiler: VmState | null = null;
  private readonly compiled = new Map<string, { source: ByteString; bytecode: ByteString }>();

  constructor(private readonly vm: Vm) {}

  /** sys.kernel_chunk(name): the bytecode of a kernel chunk the sandbox loads on first use (the debug library...). */
  private readonly kernelChunk: HostFunction = (call) => {
    const name = call.string(1, 'kernel_chunk');
    const source = KERNEL_CHUNKS.get(name);
    if (source === undefined) throw new LuaError(`no kernel chunk '${name}'`);
    return [this.bytecode(source, `=kernel:${name}`, true)];
  };

  /** Runs the sandbox prelude in a new process's state (the kernel's own code: short, at spawn); it loads kernel
   *  chunks (the debug library...) on first use through sys.kernel_chunk. */
  runSandbox(state: VmState): void {
    for (const [name, source] of KERNEL_CHUNKS) this.bytecode(source, `=kernel:${name}`, true); // not inside a host call
    state.setHostFunction('sys', 'kernel_chunk', this.kernelChunk);
    state.call(state.loadPrecompiled(this.bytecode(SANDBOX_SOURCE, SANDBOX_CHUNK, true), SANDBOX_CHUNK), []);
  }

  /** The runtime's prelude as a function of a new process's state, for its main task to run before the program. */
  loadRuntime(state: VmState, runtime: string, source: ByteString): VmRef {
    const chunkname = `=runtime:${runtime}`;
    return state.loadPrecompiled(this.bytecode(source, chunkname, false), chunkname);
  }

  /** The main task's first function (main-task.lua), called with the runtime prelude, the program and its arguments. */
  loadMainTask(state: VmState): VmRef {
    return state.loadPrecompiled(this.bytecode(MAIN_TASK_SOURCE, MAIN_TASK_CHUNK, true), MAIN_TASK_CHUNK);
  }

  /** error-text.lua, called with an error object's __tostring and the object: the object's text, or nil. */
  loadErrorText(state: VmState): VmRef {
    return state.loadPrecompiled(this.bytecode(ERROR_TEXT_SOURCE, ERROR_TEXT_CHUNK, true), ERROR_TEXT_CHUNK);
  }

  /**
   * The chunk's bytecode. The kernel's are stripped of debug information (its line numbers and locals never reach
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
