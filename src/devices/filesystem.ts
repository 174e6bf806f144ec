// The file system device of one system: mounts (the system's own tree, read-only factory content, host folders)
// joined into one tree of virtual paths, the capacity of the system's tree, and every operation the fs context serves.
import type { ByteString } from '../vm/vm.js';
import type { EntryStat, FsBackend } from './fs-backend.js';
import { FsError } from './fs-errors.js';
import { OPEN_MODES, OpenFile, type OpenMode } from './fs-handles.js';
import { display, hasWildcard, matchWildcard, resolvable, resolve } from './fs-paths.js';

/** The system tree's capacity unless given (`thox run --disk-size`): 1 MiB, as CraftOS computers have. */
export const DEFAULT_CAPACITY = 1024 * 1024;
/** What each file (at least) and each folder costs of the capacity, as in CraftOS: empty files are not free. */
export const ENTRY_COST = 500;
/** The largest file a handle opens or grows to (its content is held whole while open). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** The most entries one find looks at: a native call runs to its end, so a pattern over a big host mount is cut short. */
export const MAX_FIND_ENTRIES = 100_000;

interface Mount {
  /** Never reused: a file opened on a mount writes to it only while this very mount is there. */
  id: number;
  at: string[];
  backend: FsBackend;
  readOnly: boolean;
  drive: string;
}

export interface FileAttributes {
  size: number;
  created: number;
  modified: number;
  isDir: boolean;
  isReadOnly: boolean;
}

/** Where a path lands: its mount and the names inside it. */
interface Place {
  mount: Mount;
  rel: string[];
}

export class FileSystem {
  /** Mounts, deepest first, so the first whose place is a prefix of a path is the one it lands in. */
  private readonly mounts: Mount[];
  private readonly system: Mount;
  /** Bytes of the system tree's capacity in use (entry costs), counted once at start and kept up to date. */
  private used: number;
  private nextMount = 1;

  constructor(
    system: FsBackend,
    readonly capacity: number = DEFAULT_CAPACITY,
  ) {
    this.system = { id: 0, at: [], backend: system, readOnly: false, drive: 'hdd' };
    this.mounts = [this.system];
    this.used = treeCost(system, []);
  }

  /** Mounts `backend` at `path` (a mount point must not already be one). */
  mount(path: string, backend: FsBackend, options: { readOnly?: boolean; drive?: string } = {}): void {
    const at = resolve(path, { strict: true });
    if (at.length === 0 || this.mounts.some((m) => same(m.at, at))) throw new FsError(`${display(path)}: already mounted`);
    this.mounts.push({ id: this.nextMount++, at, backend, readOnly: options.readOnly ?? false, drive: options.drive ?? at.join('/') });
    this.mounts.sort((a, b) => b.at.length - a.at.length);
  }

  /** Takes away the mount at `path` (a disk ejected): files open on it can no longer be written. */
  unmount(path: string): void {
    const at = resolve(path, { strict: true });
    const i = this.mounts.findIndex((m) => m !== this.system && same(m.at, at));
    if (i < 0) throw new FsError(`${display(path)}: not a mount`);
    this.mounts.splice(i, 1);
  }

  /** Whether something is there; false for a path resolve refuses (as CraftOS answers, never an error). */
  exists(path: string): boolean {
    const names = resolvable(path);
    return names !== null && this.entry(names) !== null;
  }

  /** Whether a folder is there; false for a path resolve refuses. */
  isDir(path: string): boolean {
    const names = resolvable(path);
    return names !== null && (this.entry(names)?.isDir ?? false);
  }

  /** Whether the path's drive is read-only; false for a path resolve refuses. */
  isReadOnly(path: string): boolean {
    const names = resolvable(path);
    return names !== null && this.place(names).mount.readOnly;
  }

  size(path: string): number {
    const names = resolve(path);
    return this.existing(names, path).size;
  }

  attributes(path: string): FileAttributes {
    const names = resolve(path);
    const e = this.existing(names, path);
    return { size: e.size, created: e.created, modified: e.modified, isDir: e.isDir, isReadOnly: this.place(names).mount.readOnly };
  }

  /** The drive a path is on ('hdd', 'rom', a host mount's path), or null when nothing is there. */
  getDrive(path: string): string | null {
    const names = resolve(path);
    return this.entry(names) === null ? null : this.place(names).mount.drive;
  }

  list(path: string): string[] {
    const names = resolve(path);
    if (!this.entry(names)?.isDir) throw new FsError(`${display(path)}: Not a directory`);
    const { mount, rel } = this.place(names);
    const found = new Set(mount.backend.stat(rel)?.isDir ? mount.backend.list(rel) : []);
    for (const m of this.mounts) if (m.at.length === names.length + 1 && startsWith(m.at, names)) found.add(m.at[names.length]);
    return [...found].sort();
  }

  getFreeSpace(path: string): number {
    const { mount } = this.place(resolve(path));
    if (mount === this.system) return Math.max(0, this.capacity - this.used);
    if (mount.readOnly) return 0;
    return mount.backend.hostSpace()?.free ?? 0;
  }

  /** The capacity of a path's drive: null for a read-only one (as CraftOS answers for the ROM). */
  getCapacity(path: string): number | null {
    const { mount } = this.place(resolve(path));
    if (mount === this.system) return this.capacity;
    if (mount.readOnly) return null;
    return mount.backend.hostSpace()?.capacity ?? null;
  }

  makeDir(path: string): void {
    this.makeDirs(resolve(path), path);
  }

  /** Deletes a file or a folder with all it holds; nothing there is not an error. */
  delete(path: string): void {
    const names = resolve(path);
    const e = this.entry(names);
    if (e === null) return;
    this.checkRemovable(names, path);
    this.removeTree(this.place(names), e);
  }

  move(from: string, to: string): void {
    const [source, target] = this.checkTransfer(from, to, 'move');
    this.checkRemovable(source, from);
    const a = this.place(source);
    const b = this.place(target);
    if (a.mount === b.mount) {
      this.makeDirs(target.slice(0, -1), to);
      a.mount.backend.rename(a.rel, b.rel);
      return;
    }
    this.copyTree(source, target, to);
    this.removeTree(a, this.existing(source, from));
  }

  copy(from: string, to: string): void {
    const [source, target] = this.checkTransfer(from, to, 'copy');
    this.copyTree(source, target, to);
  }

  /** The paths matching a pattern whose names may hold '*' and '?', sorted (as CraftOS's fs.find). */
  find(pattern: string): string[] {
    let found: string[][] = [[]];
    let looked = 0;
    for (const part of resolve(pattern, { wildcards: true })) {
      const next: string[][] = [];
      for (const names of found) {
        const candidates = !hasWildcard(part) ? [part] : this.entry(names)?.isDir ? this.list(names.join('/')) : [];
        looked += candidates.length;
        if (looked > MAX_FIND_ENTRIES) throw new FsError(`${display(pattern, true)}: too many entries to search (more than ${MAX_FIND_ENTRIES})`);
        for (const name of candidates) if (hasWildcard(part) ? matchWildcard(part, name) : this.entry([...names, name]) !== null) next.push([...names, name]);
      }
      found = next;
    }
    return found.map((names) => names.join('/')).sort();
  }

  /** Opens a file: its handle holds the content, and writes reach the file whole at flush and close. */
  open(path: string, mode: OpenMode): OpenFile {
    const names = resolve(path);
    if (!OPEN_MODES.includes(mode)) throw new FsError(`unsupported mode '${mode}'`);
    const e = this.entry(names);
    const reading = mode.startsWith('r');
    if (e?.isDir) throw new FsError(`${display(path)}: ${reading ? 'Is a directory' : 'Cannot write to directory'}`);
    if (reading && e === null) throw new FsError(`${display(path)}: No such file`);
    const writing = !reading || mode.includes('+');
    if (writing) this.checkWritable(names, path);
    if (e && e.size > MAX_FILE_BYTES) throw new FsError(`${display(path)}: File too large (over ${MAX_FILE_BYTES} bytes)`);
    const keep = e !== null && !mode.startsWith('w');
    return new OpenFile(this, names, keep ? this.readFile(names) : '', mode, e === null, this.place(names).mount.id);
  }

  /** A file's content (for handles). */
  readFile(names: string[]): ByteString {
    const { mount, rel } = this.place(names);
    return mount.backend.read(rel);
  }

  /** Refuses content that would not fit: 'Out of space' past the capacity, or past the largest file. */
  checkFits(names: string[], length: number): void {
    if (length > MAX_FILE_BYTES) throw new FsError(`${display(names.join('/'))}: File too large (over ${MAX_FILE_BYTES} bytes)`);
    const { mount, rel } = this.place(names);
    if (mount !== this.system) return;
    const old = mount.backend.stat(rel);
    const grow = fileCost(length) - (old ? entryCost(old) : 0);
    if (grow > this.capacity - this.used) throw new FsError('Out of space');
  }

  /** Replaces a file's content whole (for handles), making its missing folders; `mountId`: only on that mount. */
  writeFile(names: string[], content: ByteString, mountId?: number): void {
    if (mountId !== undefined && this.place(names).mount.id !== mountId) throw new FsError('attempt to use a closed file');
    const shown = names.join('/');
    this.checkWritable(names, shown);
    if (this.entry(names)?.isDir) throw new FsError(`${display(shown)}: Cannot write to directory`);
    this.makeDirs(names.slice(0, -1), shown);
    this.checkFits(names, content.length);
    const { mount, rel } = this.place(names);
    const old = mount.backend.stat(rel);
    mount.backend.write(rel, content);
    if (mount === this.system) this.used += fileCost(content.length) - (old ? entryCost(old) : 0);
  }

  // ---------------------------------------------------------------------------------------------

  private place(names: string[]): Place {
    const mount = this.mounts.find((m) => startsWith(names, m.at)) ?? this.system;
    return { mount, rel: names.slice(mount.at.length) };
  }

  /** The entry at a path across mounts: a mount point and the folders leading to one are folders. */
  private entry(names: string[]): EntryStat | null {
    const { mount, rel } = this.place(names);
    const found = mount.backend.stat(rel);
    if (found) return found;
    if (this.mounts.some((m) => m.at.length > names.length && startsWith(m.at, names))) return { isDir: true, size: 0, created: 0, modified: 0 };
    return null;
  }

  private existing(names: string[], path: string): EntryStat {
    const e = this.entry(names);
    if (e === null) throw new FsError(`${display(path)}: No such file`);
    return e;
  }

  private checkWritable(names: string[], path: string): void {
    if (this.place(names).mount.readOnly) throw new FsError(`${display(path)}: Access denied`);
  }

  /** A mount point, a folder leading to one, and anything on a read-only mount cannot be removed. */
  private checkRemovable(names: string[], path: string): void {
    if (this.mounts.some((m) => m.at.length > 0 && startsWith(m.at, names))) throw new FsError(`${display(path)}: Access denied`);
    this.checkWritable(names, path);
  }

  /** Both paths of a move or copy, checked: the source exists, the target does not and is not inside it. */
  private checkTransfer(from: string, to: string, verb: 'move' | 'copy'): [string[], string[]] {
    const source = resolve(from);
    const target = resolve(to);
    this.existing(source, from);
    if (target.length > source.length && startsWith(target, source)) throw new FsError(`Can't ${verb} a directory inside itself`);
    if (this.entry(target) !== null) throw new FsError('File exists');
    this.checkWritable(target, to);
    return [source, target];
  }

  private makeDirs(names: string[], path: string): void {
    for (let i = 1; i <= names.length; i++) {
      const prefix = names.slice(0, i);
      const e = this.entry(prefix);
      if (e?.isDir) continue;
      if (e) throw new FsError(i === names.length ? 'File exists' : `${display(path)}: Not a directory`);
      this.checkWritable(prefix, path);
      const { mount, rel } = this.place(prefix);
      if (mount === this.system && ENTRY_COST > this.capacity - this.used) throw new FsError('Out of space');
      mount.backend.makeDir(rel);
      if (mount === this.system) this.used += ENTRY_COST;
    }
  }

  private removeTree(at: Place, e: EntryStat): void {
    if (e.isDir && !e.link) {
      for (const name of at.mount.backend.list(at.rel)) {
        const rel = [...at.rel, name];
        const child = at.mount.backend.stat(rel);
        if (child) this.removeTree({ mount: at.mount, rel }, child);
      }
    }
    at.mount.backend.remove(at.rel);
    if (at.mount === this.system) this.used -= entryCost(e);
  }

  private copyTree(source: string[], target: string[], shown: string): void {
    const e = this.existing(source, source.join('/'));
    if (!e.isDir) {
      this.writeFile(target, this.readFile(source));
      return;
    }
    this.makeDirs(target, shown);
    for (const name of this.list(source.join('/'))) this.copyTree([...source, name], [...target, name], shown);
  }
}

function fileCost(size: number): number {
  return Math.max(size, ENTRY_COST);
}

function entryCost(e: EntryStat): number {
  return e.isDir ? ENTRY_COST : fileCost(e.size);
}

/** The capacity a backend's tree uses (below `names`, not counting `names` itself). */
function treeCost(backend: FsBackend, names: string[]): number {
  let total = 0;
  for (const name of backend.list(names)) {
    const child = [...names, name];
    const e = backend.stat(child);
    if (!e) continue;
    total += entryCost(e) + (e.isDir && !e.link ? treeCost(backend, child) : 0);
  }
  return total;
}

function startsWith(names: string[], prefix: string[]): boolean {
  return prefix.length <= names.length && prefix.every((n, i) => names[i] === n);
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && startsWith(a, b);
}
