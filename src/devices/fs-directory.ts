// The directory backend of the file system: a host folder (the system's tree under the store, or a host mount).
// Writes go to a temporary file beside the target, fsynced, renamed over it, then the folder is fsynced, so a
// file is always whole, old or new, even across SIGKILL; nothing resolves outside the folder (symlinks included).
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import type { ByteString } from '../vm/vm.js';
import type { EntryStat, FsBackend } from './fs-backend.js';
import { FsError, hostFailure } from './fs-errors.js';
import { isVisibleName } from './fs-paths.js';
import { VirtualTimes } from './fs-virtual-times.js';

export interface DirectoryFsOptions {
  /** Where the folder is mounted, for error messages ('/disk/x: Access denied'). */
  shownAt?: string[];
  /** fsync files and folders on write (default true); off, writes stay atomic but the last ones may be lost in a host crash. */
  fsync?: boolean;
  /** The folder may be missing: it reads as empty and is made at the first change (a system's tree in the store). */
  create?: boolean;
  /** Delete the temporary files of killed writers found while listing (writable mounts). */
  cleanLeftovers?: boolean;
  /** The kernel's clock (ms since the Unix epoch) under --deterministic: entries' times come from it, not the host. */
  now?: () => number;
}

/** `.NAME:PID:RANDOM.tmp`, the temporary file of a write in progress (or of a writer that was killed). */
const TEMP = /^\..*:(\d+):[0-9a-f]{8}\.tmp$/;

/** What a folder that is not made yet looks like. */
const EMPTY_FOLDER: EntryStat = { isDir: true, size: 0, created: 0, modified: 0 };

export class DirectoryFsBackend implements FsBackend {
  private readonly folder: string;
  /** The folder's real path (a symlinked mount is followed once), once it exists. */
  private real: string | null = null;
  private readonly shownAt: string[];
  private readonly fsync: boolean;
  private readonly create: boolean;
  private readonly cleanLeftovers: boolean;
  private readonly times: VirtualTimes | null;

  /** Unless `create` is set, `folder` must be an existing folder. */
  constructor(folder: string, options: DirectoryFsOptions = {}) {
    this.folder = resolvePath(folder);
    this.shownAt = options.shownAt ?? [];
    this.fsync = options.fsync ?? true;
    this.create = options.create ?? false;
    this.cleanLeftovers = options.cleanLeftovers ?? false;
    this.times = options.now ? new VirtualTimes(options.now) : null;
    const top = this.top();
    if (top !== null && !statSync(top).isDirectory()) throw new FsError(`${folder} is not a folder`);
  }

  stat(names: string[]): EntryStat | null {
    const top = this.top();
    if (top === null) return names.length === 0 ? EMPTY_FOLDER : null;
    let path: string;
    let s: ReturnType<typeof statSync>;
    try {
      path = this.confined(top, names);
      s = statSync(path, { throwIfNoEntry: false });
    } catch {
      return null; // outside the folder, or unreadable: not there for the program
    }
    if (!s || !(s.isFile() || s.isDirectory())) return null; // devices, FIFOs and sockets are never opened
    const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
    const times = this.times?.of(names) ?? { created: Math.floor(s.birthtimeMs || s.ctimeMs), modified: Math.floor(s.mtimeMs) };
    return { isDir: s.isDirectory(), size: s.isFile() ? s.size : 0, ...times, link };
  }

  list(names: string[]): string[] {
    const top = this.top();
    if (top === null) return [];
    const folder = this.confined(top, names);
    let entries: Buffer[];
    try {
      entries = readdirSync(folder, { encoding: 'buffer' });
    } catch (e) {
      throw hostFailure(this.shown(names), e);
    }
    const found = entries.map((b) => b.toString('latin1'));
    if (this.cleanLeftovers) for (const name of found) removeLeftover(folder, name);
    return found.filter((name) => isVisibleName(name) && this.stat([...names, name]) !== null).sort();
  }

  read(names: string[]): ByteString {
    try {
      return readFileSync(this.confined(this.made(), names), 'latin1');
    } catch (e) {
      throw hostFailure(this.shown(names), e);
    }
  }

  write(names: string[], content: ByteString): void {
    const existed = this.times !== null && this.stat(names) !== null;
    const path = this.confined(this.made(), names);
    const folder = dirname(path);
    // ':' makes the name invisible to programs (fs-paths.ts refuses it), so a leftover is never taken for a file.
    const temp = join(folder, `.${hostName(names[names.length - 1])}:${process.pid}:${randomBytes(4).toString('hex')}.tmp`);
    try {
      const fd = openSync(temp, 'wx', 0o666);
      try {
        const bytes = Buffer.from(content, 'latin1');
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
        if (this.fsync) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, path);
    } catch (e) {
      removeQuietly(temp);
      throw hostFailure(this.shown(names), e);
    }
    if (this.fsync) syncFolder(folder);
    this.times?.written(names, existed);
  }

  makeDir(names: string[]): void {
    const path = this.confined(this.made(), names);
    this.change(names, () => mkdirSync(path));
    if (this.fsync) syncFolder(dirname(path));
    this.times?.made(names);
  }

  remove(names: string[]): void {
    const path = this.confined(this.made(), names);
    this.change(names, () => (lstatSync(path).isDirectory() ? rmdirSync(path) : unlinkSync(path)));
    if (this.fsync) syncFolder(dirname(path));
    this.times?.removed(names);
  }

  rename(from: string[], to: string[]): void {
    const top = this.made();
    const source = this.confined(top, from);
    const target = this.confined(top, to);
    this.change(from, () => renameSync(source, target));
    if (this.fsync) {
      syncFolder(dirname(source));
      syncFolder(dirname(target));
    }
    this.times?.renamed(from, to);
  }

  hostSpace(): { capacity: number; free: number } {
    const s = statfsSync(this.top() ?? this.folder);
    return { capacity: s.blocks * s.bsize, free: s.bavail * s.bsize };
  }

  /**
   * The host path of `names`, after checking that it resolves inside the folder: the real path of its deepest
   * existing part (symlinks followed) must be the folder or under it. Refused as 'Access denied' otherwise.
   */
  private confined(top: string, names: string[]): string {
    const path = join(top, ...names.map(hostName));
    let existing = path;
    for (;;) {
      try {
        const real = realpathSync.native(existing);
        if (real === top || real.startsWith(top + sep)) return path;
        break;
      } catch (e) {
        const parent = dirname(existing);
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === existing) break;
        existing = parent;
      }
    }
    throw new FsError(`${this.shown(names)}: Access denied`);
  }

  /** The folder's real path, or null while it is missing and may be made. */
  private top(): string | null {
    if (this.real === null) {
      try {
        this.real = realpathSync.native(this.folder);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (this.create && (code === 'ENOENT' || code === 'ENOTDIR')) return null;
        throw hostFailure(this.shown([]), e);
      }
    }
    return this.real;
  }

  /** The folder's real path, made first if missing (one folder at a time: a recursive mkdir loops under /proc). */
  private made(): string {
    const top = this.top();
    if (top !== null) return top;
    const missing: string[] = [];
    for (let d = this.folder; !statSync(d, { throwIfNoEntry: false }) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
    for (const d of missing) this.change([], () => mkdirSync(d));
    const made = this.top();
    if (made === null) throw new FsError(`${this.shown([])}: host I/O error (the folder could not be made)`);
    return made;
  }

  private change(names: string[], act: () => void): void {
    try {
      act();
    } catch (e) {
      throw hostFailure(this.shown(names), e);
    }
  }

  private shown(names: string[]): string {
    return `/${[...this.shownAt, ...names].join('/')}`;
  }
}

/** Deletes a temporary file whose writer is gone (not one this host process, or another live one, may still rename). */
function removeLeftover(folder: string, name: string): void {
  const m = TEMP.exec(name);
  if (!m || Number(m[1]) === process.pid) return;
  try {
    process.kill(Number(m[1]), 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') removeQuietly(join(folder, hostName(name)));
  }
}

/** A name's host spelling: its bytes are UTF-8 (fs-paths.ts checked), so this is exact. */
function hostName(name: string): string {
  return Buffer.from(name, 'latin1').toString('utf8');
}

/** fsync a folder so a rename or unlink in it is durable (skipped where the platform cannot). */
function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // some platforms cannot fsync a folder: the rename is still atomic
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or gone already
  }
}
