// The read-only factory layer: the content shipped with thox, read from the package's programs/
// (and one level of folders in it), runtimes/, store/libraries/ and store/services/, as NAME.lua files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getOrInsertComputed } from '../maps.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { ByteString } from '../vm/vm.js';
import { byName, checkStoredName, type EntrySize, type ReadOnlyLayer } from './backend.js';
import { StoreLoader } from './loader.js';
import { MemoryBackend } from './memory.js';
import { checkNamespace, isName, stripLua, type Namespace } from './names.js';
import { Store } from './store.js';

export const FACTORY_ROOT = fileURLToPath(PACKAGE_ROOT);

/** Where each namespace's factory files are, relative to the package root (`data` has none). */
const FOLDERS: Record<Namespace, string | null> = {
  programs: 'programs',
  runtimes: 'runtimes',
  libraries: 'store/libraries',
  services: 'store/services',
  data: null,
};

export class FactoryLayer implements ReadOnlyLayer {
  /** Factory files do not change while thox runs: each is looked up and read once. */
  private readonly cache = new Map<string, { path: string; value: ByteString } | null>();

  constructor(readonly location: string = FACTORY_ROOT) {}

  get(ns: Namespace, name: string): ByteString | null {
    return this.lookup(ns, name)?.value ?? null;
  }

  size(ns: Namespace, name: string): number | null {
    return this.lookup(ns, name)?.value.length ?? null;
  }

  /** The file an entry comes from (for messages and `thox store ls`), or null. */
  path(ns: Namespace, name: string): string | null {
    return this.lookup(ns, name)?.path ?? null;
  }

  list(ns: Namespace): EntrySize[] {
    const names = new Set<string>();
    for (const dir of this.folders(ns)) for (const file of luaFiles(dir)) names.add(stripLua(file));
    const entries: EntrySize[] = [];
    for (const name of names) {
      const size = this.size(ns, name);
      if (size !== null) entries.push({ name, size });
    }
    return entries.sort(byName);
  }

  private lookup(ns: Namespace, name: string): { path: string; value: ByteString } | null {
    checkStoredName(ns, name);
    const key = `${ns}/${name}`;
    let found = this.cache.get(key);
    if (found === undefined) {
      const path = this.folders(ns)
        .map((dir) => join(dir, `${name}.lua`))
        .find(isFile);
      found = path === undefined ? null : { path, value: readFileSync(path, 'latin1') };
      this.cache.set(key, found);
    }
    return found;
  }

  /** The folders searched, in order: the namespace's folder, then (programs only) its subfolders by name. */
  private folders(ns: Namespace): string[] {
    const folder = FOLDERS[checkNamespace(ns)];
    if (folder === null) return [];
    const dir = join(this.location, folder);
    if (ns !== 'programs' || !existsSync(dir)) return [dir];
    const subs = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    return [dir, ...subs.map((sub) => join(dir, sub))];
  }
}

/** The `.lua` files of a folder whose names are store names. */
function luaFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.lua') && isName(stripLua(d.name)))
    .map((d) => d.name);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const shared = new Map<string, FactoryLayer>();

/** One factory layer per root for the whole host process (its reads are cached). */
export function factoryLayer(root: string = FACTORY_ROOT): FactoryLayer {
  return getOrInsertComputed(shared, root, () => new FactoryLayer(root));
}

/** A ProgramLoader over the factory content alone (no user layer), for benchmarks and embedders. */
export class FactoryLoader extends StoreLoader {
  constructor(root: string = FACTORY_ROOT) {
    super(new Store(new MemoryBackend(), factoryLayer(root)));
  }
}
