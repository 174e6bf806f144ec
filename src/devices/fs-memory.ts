// The memory backend of the file system: a tree of maps, for tests and simulations. Nothing survives
// the host process; every operation is trivially atomic (contents are immutable strings, replaced whole).
import type { ByteString } from '../vm/vm.js';
import type { EntryStat, FsBackend } from './fs-backend.js';

interface Folder {
  kind: 'dir';
  entries: Map<string, Entry>;
  created: number;
  modified: number;
}

interface File {
  kind: 'file';
  content: ByteString;
  created: number;
  modified: number;
}

type Entry = Folder | File;

export class MemoryFsBackend implements FsBackend {
  private readonly top: Folder;

  /** `now` gives the times entries record (milliseconds since the Unix epoch). */
  constructor(private readonly now: () => number = () => 0) {
    this.top = { kind: 'dir', entries: new Map(), created: now(), modified: now() };
  }

  stat(names: string[]): EntryStat | null {
    const e = this.find(names);
    if (!e) return null;
    return { isDir: e.kind === 'dir', size: e.kind === 'file' ? e.content.length : 0, created: e.created, modified: e.modified };
  }

  list(names: string[]): string[] {
    return [...this.folder(names).entries.keys()].sort();
  }

  read(names: string[]): ByteString {
    const e = this.find(names);
    if (e?.kind !== 'file') throw new Error(`memory fs: no file at ${names.join('/')}`);
    return e.content;
  }

  write(names: string[], content: ByteString): void {
    const parent = this.parent(names);
    const name = names[names.length - 1];
    const old = parent.entries.get(name);
    const now = this.now();
    parent.entries.set(name, { kind: 'file', content, created: old?.created ?? now, modified: now });
  }

  makeDir(names: string[]): void {
    const now = this.now();
    this.parent(names).entries.set(names[names.length - 1], { kind: 'dir', entries: new Map(), created: now, modified: now });
  }

  remove(names: string[]): void {
    this.parent(names).entries.delete(names[names.length - 1]);
  }

  rename(from: string[], to: string[]): void {
    const entry = this.find(from);
    if (!entry) throw new Error(`memory fs: nothing at ${from.join('/')}`);
    this.remove(from);
    this.parent(to).entries.set(to[to.length - 1], entry);
  }

  hostSpace(): null {
    return null;
  }

  private find(names: string[]): Entry | null {
    let e: Entry = this.top;
    for (const name of names) {
      if (e.kind !== 'dir') return null;
      const next = e.entries.get(name);
      if (!next) return null;
      e = next;
    }
    return e;
  }

  private folder(names: string[]): Folder {
    const e = this.find(names);
    if (e?.kind !== 'dir') throw new Error(`memory fs: no folder at ${names.join('/')}`);
    return e;
  }

  private parent(names: string[]): Folder {
    return this.folder(names.slice(0, -1));
  }
}
