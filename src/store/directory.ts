// The directory backend: one file per entry at ROOT/NAMESPACE/NAME. A write goes to a temporary file
// in the same folder, is fsynced, renamed over the entry, and the folder is fsynced: old or new, never torn.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ByteString } from '../vm/vm.js';
import { byName, checkRange, checkStoredName, checkValue, type Backend, type EntrySize } from './backend.js';
import { StoreIoError } from './errors.js';
import { checkNamespace, isName, type Namespace } from './names.js';

export interface DirectoryOptions {
  /**
   * fsync each written file and its folder (default true): a write that returned survives a crash
   * of the host. Off, writes stay atomic (old or new value) but the latest ones may be lost.
   */
  fsync?: boolean;
}

/** `.NAME.PID.RANDOM.tmp`: starts with '.', so it can never be taken for an entry. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** A temporary file this old is left over from a crash even if its writer's pid is in use again. */
const STALE_MS = 60 * 60 * 1000;

export class DirectoryBackend implements Backend {
  readonly location: string;
  private readonly fsync: boolean;
  /** Namespaces whose leftover temporary files were already looked for. */
  private readonly cleaned = new Set<Namespace>();

  constructor(root: string, options: DirectoryOptions = {}) {
    this.location = resolve(root);
    this.fsync = options.fsync ?? true;
  }

  get(ns: Namespace, name: string): ByteString | null {
    const path = this.entryPath(ns, name);
    try {
      return readFileSync(path, 'latin1');
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      throw ioError('read', ns, name, e);
    }
  }

  read(ns: Namespace, name: string, offset: number, length: number): ByteString {
    checkRange(offset, length);
    const path = this.entryPath(ns, name);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      if (errno(e) === 'ENOENT') return '';
      throw ioError('read', ns, name, e);
    }
    try {
      const want = Math.max(0, Math.min(length, fstatSync(fd).size - offset));
      const buffer = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buffer, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return buffer.toString('latin1', 0, got);
    } catch (e) {
      throw ioError('read', ns, name, e);
    } finally {
      closeSync(fd);
    }
  }

  size(ns: Namespace, name: string): number | null {
    const path = this.entryPath(ns, name);
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new StoreIoError(`cannot read ${ns}/${name} in the store: not a regular file`);
      return stat.size;
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      throw ioError('read', ns, name, e);
    }
  }

  put(ns: Namespace, name: string, value: ByteString): void {
    const path = this.entryPath(ns, name);
    checkValue(ns, name, value);
    const dir = this.namespaceDir(ns, true);
    const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      this.writeFile(temp, Buffer.from(value, 'latin1'));
      renameSync(temp, path);
    } catch (e) {
      removeQuietly(temp);
      throw ioError('write', ns, name, e);
    }
    if (this.fsync) syncDirectory(dir);
  }

  remove(ns: Namespace, name: string): boolean {
    const path = this.entryPath(ns, name);
    try {
      unlinkSync(path);
    } catch (e) {
      if (errno(e) === 'ENOENT') return false;
      throw ioError('remove', ns, name, e);
    }
    if (this.fsync) syncDirectory(dirname(path));
    return true;
  }

  list(ns: Namespace): EntrySize[] {
    const dir = this.namespaceDir(ns, false);
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isFile() && isName(d.name))
        .map((d) => d.name);
    } catch (e) {
      if (errno(e) === 'ENOENT') return [];
      throw new StoreIoError(`cannot list ${ns} in the store: ${errno(e) ?? String(e)}`);
    }
    const entries: EntrySize[] = [];
    for (const name of names) {
      const size = this.size(ns, name);
      if (size !== null) entries.push({ name, size });
    }
    return entries.sort(byName);
  }

  /** ROOT/NAMESPACE/NAME, after checking both (a bad name never becomes a path). */
  private entryPath(ns: Namespace, name: string): string {
    checkStoredName(ns, name);
    return join(this.namespaceDir(ns, false), name);
  }

  /** ROOT/NAMESPACE, created when asked (with its new parents fsynced); cleaned of crash leftovers once. */
  private namespaceDir(ns: Namespace, create: boolean): string {
    const dir = join(this.location, checkNamespace(ns));
    if (create) {
      let created: string | undefined;
      try {
        created = makeFolders(dir);
      } catch (e) {
        throw new StoreIoError(`cannot create the ${ns} folder of the store: ${errno(e) ?? String(e)}`);
      }
      if (created !== undefined && this.fsync) syncParents(created, dir);
    }
    if (!this.cleaned.has(ns)) {
      this.cleaned.add(ns);
      removeLeftovers(dir);
    }
    return dir;
  }

  private writeFile(path: string, bytes: Buffer): void {
    const fd = openSync(path, 'wx', 0o666);
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      if (this.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Deletes the temporary files a killed writer left behind (never one a live writer may still rename). */
export function removeLeftovers(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      if (isLeftover(Number(m[1]), statSync(path).mtimeMs)) {
        unlinkSync(path);
        removed++;
      }
    } catch {
      // gone already, or not ours to remove: it is ignored either way
    }
  }
  return removed;
}

function isLeftover(pid: number, mtimeMs: number): boolean {
  if (Date.now() - mtimeMs > STALE_MS) return true;
  if (pid === process.pid) return false; // a worker thread of this process may be writing it
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return errno(e) === 'ESRCH';
  }
}

/** fsync a folder so a rename or unlink in it is durable. Platforms that cannot do it are skipped. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!['EINVAL', 'EPERM', 'EISDIR', 'EBADF'].includes(errno(e) ?? '')) throw e;
  } finally {
    closeSync(fd);
  }
}

/**
 * `mkdir -p`, one folder at a time from the deepest one that exists: returns the first folder created (or
 * undefined). Node's own recursive mkdir retries forever where a folder cannot be made (under /proc).
 */
function makeFolders(dir: string): string | undefined {
  const missing: string[] = [];
  let d = dir;
  let found = statSync(d, { throwIfNoEntry: false });
  for (; found === undefined && dirname(d) !== d; found = statSync(d, { throwIfNoEntry: false })) {
    missing.unshift(d);
    d = dirname(d);
  }
  if (found?.isDirectory() === false) mkdirSync(missing[0] ?? dir); // a file in the way: fails as the host says
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e; // another writer made it first
    }
  }
  return missing[0];
}

/** After `mkdir -p` created `first` .. `dir`: fsync each new folder's parent. */
function syncParents(first: string, dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    syncDirectory(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // it was not created, or is already gone
  }
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

function ioError(verb: string, ns: Namespace, name: string, e: unknown): StoreIoError {
  if (e instanceof StoreIoError) return e;
  const code = errno(e);
  const why = code === 'EISDIR' ? 'a folder is in the way' : code === 'ENOTDIR' ? `${ns} is not a folder` : (code ?? String(e));
  return new StoreIoError(`cannot ${verb} ${ns}/${name} in the store: ${why}`);
}
