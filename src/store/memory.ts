// The memory backend: entries in a map, for tests and simulations. Nothing survives the process;
// every call is trivially atomic (values are immutable strings, replaced whole).
import { getOrInsertComputed } from '../maps.js';
import type { ByteString } from '../vm/vm.js';
import { byName, checkRange, checkStoredName, checkValue, type Backend, type EntrySize } from './backend.js';
import { checkNamespace, type Namespace } from './names.js';

export class MemoryBackend implements Backend {
  readonly location = '(memory)';
  private readonly entries = new Map<Namespace, Map<string, ByteString>>();

  get(ns: Namespace, name: string): ByteString | null {
    return this.space(ns).get(checkStoredName(ns, name)) ?? null;
  }

  read(ns: Namespace, name: string, offset: number, length: number): ByteString {
    checkRange(offset, length);
    return (this.get(ns, name) ?? '').slice(offset, offset + length);
  }

  size(ns: Namespace, name: string): number | null {
    return this.get(ns, name)?.length ?? null;
  }

  put(ns: Namespace, name: string, value: ByteString): void {
    checkStoredName(ns, name);
    checkValue(ns, name, value);
    this.space(ns).set(name, value);
  }

  remove(ns: Namespace, name: string): boolean {
    return this.space(ns).delete(checkStoredName(ns, name));
  }

  list(ns: Namespace): EntrySize[] {
    checkNamespace(ns);
    return [...this.space(ns)].map(([name, value]) => ({ name, size: value.length })).sort(byName);
  }

  private space(ns: Namespace): Map<string, ByteString> {
    return getOrInsertComputed(this.entries, ns, () => new Map());
  }
}
