// What a mount's storage offers the file system: a tree of folders and whole files under names already
// checked by fs-paths.ts. Implemented in memory (fs-memory.ts) and over a host folder (fs-directory.ts).
import type { ByteString } from '../vm/vm.js';

/** One entry: a folder or a file, with its size and times (milliseconds since the Unix epoch). */
export interface EntryStat {
  isDir: boolean;
  size: number;
  created: number;
  modified: number;
  /** A host symlink (to a place inside the mount): removing it removes the link, never what it points to. */
  link?: boolean;
}

/**
 * A tree of entries at names relative to the mount (`[]` is its top). The file system calls each operation
 * only where it makes sense (the parent is a folder, the entry exists or not as needed), so backends stay small.
 */
export interface FsBackend {
  /** The entry at `names`, or null when there is none (or it is not a file or a folder). */
  stat(names: string[]): EntryStat | null;
  /** The visible names in a folder, sorted. */
  list(names: string[]): string[];
  /** A file's whole content. */
  read(names: string[]): ByteString;
  /** Replaces (or creates) a file's content atomically: a reader or a crash sees the old or the new, whole. */
  write(names: string[], content: ByteString): void;
  makeDir(names: string[]): void;
  /** Removes a file, an empty folder, or a link. */
  remove(names: string[]): void;
  /** Renames an entry (the target does not exist; its parent does). */
  rename(from: string[], to: string[]): void;
  /** The host's space for this mount, when it has one of its own (a host folder); null otherwise. */
  hostSpace(): { capacity: number; free: number } | null;
}
