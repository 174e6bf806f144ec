// The kernel's ProgramLoader over a Store: programs, runtimes and libraries by name, from the user
// layer or else the factory layer. Bad names are "not found", never an exception the kernel must catch.
import type { ProgramLoader } from '../kernel/kernel.js';
import type { ByteString } from '../vm/vm.js';
import { BadNameError } from './errors.js';
import { entryName } from './names.js';
import type { Found, Origin, Store } from './store.js';

export interface LoaderOptions {
  /** The process name of a program found in the store (default `NAME.lua`, as its chunk name). */
  programName?: (name: string, layer: Origin) => string;
}

/** Short names of runtimes, as `name#program` is typed (`cc#ls` runs ls under the craftos runtime). */
export const RUNTIME_ALIASES: ReadonlyMap<string, string> = new Map([['cc', 'craftos']]);

export class StoreLoader implements ProgramLoader {
  private readonly programName: (name: string, layer: Origin) => string;

  constructor(
    readonly store: Store,
    options: LoaderOptions = {},
  ) {
    this.programName = options.programName ?? ((name) => `${name}.lua`);
  }

  /**
   * `NAME` or `NAME.lua` in `programs`, else in `services` (a service is a program that init keeps running,
   * and it can be started by name like any other); null when missing or not a valid name.
   */
  program(name: string): { name: string; source: ByteString } | null {
    const found = this.lookup('programs', name) ?? this.lookup('services', name);
    return found === null ? null : { name: this.programName(found.name, found.layer), source: found.value };
  }

  /** A runtime's prelude by name or by one of its short names (RUNTIME_ALIASES: `cc` is `craftos`). */
  runtime(name: string): ByteString | null {
    return this.lookup('runtimes', RUNTIME_ALIASES.get(name) ?? name)?.value ?? null;
  }

  /** The runtimes of both layers, by name (for "unknown runtime" messages), without their parts (`craftos.os` is a
   *  part of `craftos`: docs/runtimes.md, A runtime in several files). */
  runtimeNames(): string[] {
    const names = this.store.list('runtimes').map((e) => e.name);
    return names.filter((name) => !name.includes('.') || !names.includes(name.slice(0, name.indexOf('.'))));
  }

  /**
   * A library for `require`: library names are flat store names (`a.b` is the entry `a.b`, not a
   * path), and `where` (the chunk name) is `libraries/NAME.lua`.
   */
  library(name: string): { source: ByteString; where: string } | { missing: string } {
    let key: string;
    try {
      key = entryName('libraries', name);
    } catch (e) {
      if (e instanceof BadNameError) return { missing: `\n\t${e.message}` };
      throw e;
    }
    const found = this.store.find('libraries', key);
    if (found !== null) return { source: found.value, where: `libraries/${key}.lua` };
    return { missing: `\n\tno library 'libraries/${key}.lua' in the store` };
  }

  private lookup(ns: 'programs' | 'services' | 'runtimes', name: string): Found | null {
    try {
      return this.store.find(ns, name);
    } catch (e) {
      if (e instanceof BadNameError) return null;
      throw e;
    }
  }
}
