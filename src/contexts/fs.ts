// The `fs` native context: a system's file system (src/devices/filesystem.ts) as RPC calls, path rules included,
// and open files as handle ids owned by the process that opened them (counted by the 'files' limit, closed at its exit).
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall, NativeReply } from '../kernel/interactions.js';
import { checkLimit } from '../kernel/limits.js';
import type { Process } from '../kernel/process.js';
import type { KernelServices } from '../kernel/services.js';
import { getOrInsertComputed } from '../maps.js';
import { FsError } from '../devices/fs-errors.js';
import { OPEN_MODES, type OpenFile, WHENCES } from '../devices/fs-handles.js';
import { combine, getDir, getName } from '../devices/fs-paths.js';
import type { FileSystem } from '../devices/filesystem.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

/** Runs an fs operation and answers with its values, or ERROR with the file system's message. */
function answer(reply: NativeReply, run: () => LuaValue[]): void {
  try {
    reply(STATUS.OK, run());
  } catch (e) {
    if (e instanceof FsError) reply(STATUS.ERROR, [e.message]);
    else throw e;
  }
}

/** Runs an operation that answers nothing but success. */
function done(act: () => void): true {
  act();
  return true;
}

/** A call that takes a path (argument 1) and answers one value. */
function onPath(name: string, op: (path: string, a: Args) => LuaValue): NativeCall {
  return (_k, _p, args, reply) =>
    answer(reply, () => {
      const a = new Args(`fs.${name}`, args);
      return [op(a.string(1), a)];
    });
}

export function fsCalls(kernel: KernelServices, fs: FileSystem): Record<string, NativeCall> {
  /** Open files by handle id, with their owner; ids are never reused, so one below `next` that is missing was closed. */
  const files = new Map<number, { pid: number; file: OpenFile }>();
  const held = new Map<number, Set<number>>();
  let next = 1;
  kernel.onExit((p) => {
    for (const id of held.get(p.pid) ?? []) {
      const entry = files.get(id);
      files.delete(id);
      try {
        entry?.file.close();
      } catch (e) {
        // the owner is gone: nobody is left to tell (the content it could not write is lost, as on a full disk)
        if (!(e instanceof FsError)) throw e;
      }
    }
    held.delete(p.pid);
  });
  const handlesOf = (p: Process): Set<number> => getOrInsertComputed(held, p.pid, () => new Set<number>());
  /** The open file a handle id names for this process: another's, a closed one or a made-up one is refused. */
  const fileOf = (p: Process, a: Args): OpenFile => {
    const id = a.integer(1);
    const entry = files.get(id);
    if (entry && entry.pid === p.pid) return entry.file;
    if (id > 0 && id < next && !entry) throw new FsError('attempt to use a closed file');
    return a.fail(1, `no open file ${id} in this process`);
  };
  /**
   * Refuses when the content a process's open files hold would pass its 'bytes' limit with `adding` more
   * (open files are held by the kernel, as waiting events are; the two are counted apart).
   */
  const checkHeld = (p: Process, adding: number): void => {
    let bytes = 0;
    for (const id of handlesOf(p)) bytes += files.get(id)?.file.size ?? 0;
    checkLimit(kernel.limits, 'bytes', `process ${p.pid}`, bytes, adding);
  };
  const onFile = (name: string, op: (file: OpenFile, a: Args) => LuaValue): NativeCall => {
    return (_k, p, args, reply) =>
      answer(reply, () => {
        const a = new Args(`fs.${name}`, args);
        return [op(fileOf(p, a), a)];
      });
  };
  /** write and writeLine: the text (and the line's end) written, if the process may hold that much more. */
  const write = (p: Process, a: Args, end: string): true => {
    const file = fileOf(p, a);
    const text = a.string(2) + end;
    checkHeld(p, text.length);
    file.write(text);
    return true;
  };
  return {
    list: onPath('list', (path) => LuaTable.list(fs.list(path))),
    exists: onPath('exists', (path) => fs.exists(path)),
    isDir: onPath('isDir', (path) => fs.isDir(path)),
    isReadOnly: onPath('isReadOnly', (path) => fs.isReadOnly(path)),
    getSize: onPath('getSize', (path) => fs.size(path)),
    getFreeSpace: onPath('getFreeSpace', (path) => fs.getFreeSpace(path)),
    getCapacity: onPath('getCapacity', (path) => fs.getCapacity(path)),
    getDrive: onPath('getDrive', (path) => fs.getDrive(path)),
    attributes: onPath('attributes', (path) => LuaTable.from({ ...fs.attributes(path) })),
    makeDir: onPath('makeDir', (path) => done(() => fs.makeDir(path))),
    delete: onPath('delete', (path) => done(() => fs.delete(path))),
    move: onPath('move', (path, a) => done(() => fs.move(path, a.string(2)))),
    copy: onPath('copy', (path, a) => done(() => fs.copy(path, a.string(2)))),
    find: onPath('find', (path) => LuaTable.list(fs.find(path))),
    getName: onPath('getName', (path) => getName(path)),
    getDir: onPath('getDir', (path) => getDir(path)),
    combine: (_k, _p, args, reply) =>
      answer(reply, () => {
        const a = new Args('fs.combine', args);
        return [combine(...args.map((_, i) => a.string(i + 1)))];
      }),
    open: (_k, p, args, reply) =>
      answer(reply, () => {
        const a = new Args('fs.open', args);
        const path = a.string(1);
        const mode = a.option(2, OPEN_MODES, 'r');
        const mine = handlesOf(p);
        checkLimit(kernel.limits, 'files', `process ${p.pid}`, mine.size);
        const file = fs.open(path, mode);
        checkHeld(p, file.size);
        const id = next++;
        files.set(id, { pid: p.pid, file });
        mine.add(id);
        p.usage.files = mine.size;
        return [id];
      }),
    read: onFile('read', (f, a) => f.read(a.isNil(2) ? 1 : a.count(2))),
    readLine: onFile('readLine', (f, a) => f.readLine(!a.isNil(2) && a.value(2) !== false)),
    readAll: onFile('readAll', (f) => f.readAll()),
    write: (_k, p, args, reply) => answer(reply, () => [write(p, new Args('fs.write', args), '')]),
    writeLine: (_k, p, args, reply) => answer(reply, () => [write(p, new Args('fs.writeLine', args), '\n')]),
    seek: onFile('seek', (f, a) => f.seek(a.option(2, WHENCES, 'cur'), a.optionalInteger(3, 0))),
    flush: onFile('flush', (f) => done(() => f.flush())),
    close: (_k, p, args, reply) =>
      answer(reply, () => {
        const a = new Args('fs.close', args);
        const file = fileOf(p, a);
        const id = a.integer(1);
        files.delete(id);
        held.get(p.pid)?.delete(id);
        p.usage.files = handlesOf(p).size;
        file.close();
        return [true];
      }),
  };
}
