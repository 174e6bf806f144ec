// The Store: the writable user layer (a backend) over the read-only factory layer. A user entry
// shadows a factory one of the same name; every call checks the namespace and the name first.
import type { ByteString } from '../vm/vm.js';
import { byName, type Backend, type ReadOnlyLayer } from './backend.js';
import { MissingEntryError, ReadOnlyError } from './errors.js';
import { checkNamespace, entryName, NAMESPACES, type Namespace } from './names.js';
import { DataStream, StreamHandle } from './streams.js';

/** Where a value comes from. */
export type Origin = 'user' | 'factory';
/** Where a listed entry comes from, saying when a user entry hides a factory one. */
export type Layer = Origin | 'user (shadows factory)';

export interface EntryInfo {
  namespace: Namespace;
  /** The stored name (without `.lua`). */
  name: string;
  /** Size in bytes of the visible value. */
  size: number;
  layer: Layer;
}

export interface Found {
  /** The stored name (a `.lua` given in a code namespace dropped). */
  name: string;
  value: ByteString;
  layer: Origin;
}

export class Store {
  /**
   * @param user the writable layer, where every change goes
   * @param factory the read-only layer under it (none: the user layer alone)
   */
  constructor(
    readonly user: Backend,
    readonly factory: ReadOnlyLayer | null = null,
  ) {}

  /** Where the user layer keeps its entries (a directory, or `(memory)`). */
  get location(): string {
    return this.user.location;
  }

  /** The visible value and its layer, or null. Throws on a bad namespace or name. */
  find(namespace: string, name: string): Found | null {
    const [ns, key] = check(namespace, name);
    const user = this.user.get(ns, key);
    if (user !== null) return { name: key, value: user, layer: 'user' };
    const factory = this.factory?.get(ns, key) ?? null;
    return factory === null ? null : { name: key, value: factory, layer: 'factory' };
  }

  /** The visible value, or null. */
  get(namespace: string, name: string): ByteString | null {
    return this.find(namespace, name)?.value ?? null;
  }

  /** The visible entry's size and layer, or null. */
  stat(namespace: string, name: string): EntryInfo | null {
    const [ns, key] = check(namespace, name);
    const user = this.user.size(ns, key);
    const factory = this.factory?.size(ns, key) ?? null;
    if (user !== null) return { namespace: ns, name: key, size: user, layer: factory === null ? 'user' : 'user (shadows factory)' };
    return factory === null ? null : { namespace: ns, name: key, size: factory, layer: 'factory' };
  }

  /** Creates or replaces the user entry (atomically); returns what is now visible. */
  put(namespace: string, name: string, value: ByteString): EntryInfo {
    const [ns, key] = check(namespace, name);
    this.user.put(ns, key, value);
    return { namespace: ns, name: key, size: value.length, layer: (this.factory?.size(ns, key) ?? null) === null ? 'user' : 'user (shadows factory)' };
  }

  /**
   * Deletes the user entry; returns the factory entry it uncovered, or null. Throws MissingEntryError
   * when neither layer has it and ReadOnlyError when only the factory layer does.
   */
  remove(namespace: string, name: string): EntryInfo | null {
    const [ns, key] = check(namespace, name);
    const removed = this.user.remove(ns, key);
    const factory = this.factory?.size(ns, key) ?? null;
    if (!removed && factory !== null) throw new ReadOnlyError(`${ns}/${key} is part of the factory layer (read-only)`);
    if (!removed) throw new MissingEntryError(`no entry ${ns}/${key} in the store`);
    return factory === null ? null : { namespace: ns, name: key, size: factory, layer: 'factory' };
  }

  /** The visible entries of one namespace (or of all, in namespace order), by name, with their layers. */
  list(namespace?: string): EntryInfo[] {
    const spaces = namespace === undefined ? [...NAMESPACES] : [checkNamespace(namespace)];
    return spaces.flatMap((ns) => this.listOne(ns));
  }

  /** The program's data stream (positional operations). */
  stream(name: string): DataStream {
    return new DataStream(this.user, entryName('data', name));
  }

  /** A handle on the program's data stream, with a position (starting at 0). */
  open(name: string): StreamHandle {
    return new StreamHandle(this.stream(name));
  }

  private listOne(ns: Namespace): EntryInfo[] {
    const merged = new Map<string, EntryInfo>();
    for (const { name, size } of this.factory?.list(ns) ?? []) merged.set(name, { namespace: ns, name, size, layer: 'factory' });
    for (const { name, size } of this.user.list(ns)) {
      merged.set(name, { namespace: ns, name, size, layer: merged.has(name) ? 'user (shadows factory)' : 'user' });
    }
    return [...merged.values()].sort(byName);
  }
}

function check(namespace: string, name: string): [Namespace, string] {
  const ns = checkNamespace(namespace);
  return [ns, entryName(ns, name)];
}
