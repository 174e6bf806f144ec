// The store's public API (what the kernel's store context, the CLI and the tests use), and the two
// ready-made stores: the user's directory over the factory layer, and a memory one for tests.
import { DirectoryBackend, type DirectoryOptions } from './directory.js';
import { factoryLayer } from './factory.js';
import { storeDirectory } from './location.js';
import { MemoryBackend } from './memory.js';
import { Store } from './store.js';

export { MAX_ENTRY_SIZE, type Backend, type EntrySize, type ReadOnlyLayer } from './backend.js';
export { DirectoryBackend, type DirectoryOptions } from './directory.js';
export * from './errors.js';
export { FactoryLayer, FactoryLoader, factoryLayer, FACTORY_ROOT } from './factory.js';
export { StoreLoader, type LoaderOptions } from './loader.js';
export { storeDirectory } from './location.js';
export { LockTable, type Grant, type LockMode, type LockRequest } from './locks.js';
export { MemoryBackend } from './memory.js';
export { checkName, checkNamespace, entryName, KIND, NAMESPACES, parseEntryRef, type Namespace } from './names.js';
export { Store, type EntryInfo, type Found, type Layer, type Origin } from './store.js';
export { DataStream, StreamHandle, WHENCES, type Whence } from './streams.js';

export interface OpenOptions extends DirectoryOptions {
  /** `--store DIR` (default: see storeDirectory). */
  dir?: string;
  /** The factory root, or null for no factory layer (default: the thox package). */
  factory?: string | null;
}

/** The user's store: a directory backend (created on first write) over the factory layer. */
export function openStore(options: OpenOptions = {}): Store {
  const factory = options.factory === null ? null : factoryLayer(options.factory);
  return new Store(new DirectoryBackend(storeDirectory(options.dir), options), factory);
}

/** A store whose user layer lives in memory, over the factory layer (or none). */
export function memoryStore(options: { factory?: string | null } = {}): Store {
  return new Store(new MemoryBackend(), options.factory === null ? null : factoryLayer(options.factory));
}
