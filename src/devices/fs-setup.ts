// How a system's file system is put together: its own tree (under the store, or in memory for tests) at the
// root, the read-only factory ROM at /rom, and the host folders given with --mount and --mount-ro.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../paths.js';
import { DirectoryFsBackend } from './fs-directory.js';
import { MemoryFsBackend } from './fs-memory.js';
import { resolve } from './fs-paths.js';
import { DEFAULT_CAPACITY, FileSystem } from './filesystem.js';

/** The factory ROM's folder in the package. */
export const ROM_FOLDER = fileURLToPath(new URL('rom/', PACKAGE_ROOT));

/** A host folder mounted at a virtual path. */
export interface HostMount {
  path: string;
  hostDir: string;
  readOnly: boolean;
}

export interface SystemFsOptions {
  /** The store's folder; the system's tree is its `systems/<computerId>` folder. */
  storeDir: string;
  computerId: number;
  capacity?: number;
  mounts?: HostMount[];
  /** fsync on write (default true). */
  fsync?: boolean;
  /** The kernel's clock under --deterministic: every mount's file times come from it (see fs-virtual-times.ts). */
  now?: () => number;
}

/** The system's tree folder in the store. */
export function systemFolder(storeDir: string, computerId: number): string {
  return join(storeDir, 'systems', String(computerId));
}

/** A system's file system over its folder in the store (made at the first change), with the ROM and host mounts. */
export function systemFileSystem(options: SystemFsOptions): FileSystem {
  const { fsync, now } = options;
  const tree = new DirectoryFsBackend(systemFolder(options.storeDir, options.computerId), { fsync, create: true, cleanLeftovers: true, now });
  const fs = new FileSystem(tree, options.capacity ?? DEFAULT_CAPACITY);
  mountRom(fs, now);
  for (const m of options.mounts ?? []) {
    fs.mount(m.path, new DirectoryFsBackend(m.hostDir, { shownAt: resolve(m.path), fsync, cleanLeftovers: !m.readOnly, now }), {
      readOnly: m.readOnly,
    });
  }
  return fs;
}

/** A file system in memory (for tests and simulations) with the ROM; `now` gives its files' times. */
export function memoryFileSystem(options: { capacity?: number; now?: () => number } = {}): FileSystem {
  const fs = new FileSystem(new MemoryFsBackend(options.now), options.capacity ?? DEFAULT_CAPACITY);
  mountRom(fs, options.now);
  return fs;
}

/** The ROM at /rom; with `now`, its files show the run's start, not the install's times. */
function mountRom(fs: FileSystem, now?: () => number): void {
  fs.mount('rom', new DirectoryFsBackend(ROM_FOLDER, { shownAt: ['rom'], fsync: false, now }), { readOnly: true, drive: 'rom' });
}
