// The read-only factory content shipped with thox: programs/ (and one level of folders in it),
// runtimes/, store/libraries/. Until the writable store lands, this is what `os.run` and `require` see.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgramLoader } from '../kernel/kernel.js';
import { PACKAGE_ROOT } from '../paths.js';
import { BadNameError, checkName } from './names.js';

export const FACTORY_ROOT = fileURLToPath(PACKAGE_ROOT);

export class FactoryLoader implements ProgramLoader {
  /** Factory files do not change while thox runs: each is read once. */
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly root = FACTORY_ROOT) {}

  private read(path: string): string | null {
    let text = this.cache.get(path);
    if (text === undefined) {
      text = existsSync(path) ? readFileSync(path, 'latin1') : null;
      this.cache.set(path, text);
    }
    return text;
  }

  program(name: string): { name: string; source: string } | null {
    const base = stripLua(name);
    try {
      checkName('program', base);
    } catch (e) {
      if (e instanceof BadNameError) return null;
      throw e;
    }
    const path = this.programPath(base);
    const source = path ? this.read(path) : null;
    return source === null ? null : { name: `${base}.lua`, source };
  }

  /** programs/NAME.lua, else programs/<folder>/NAME.lua (folders in name order). */
  programPath(base: string): string | null {
    const dir = join(this.root, 'programs');
    const direct = join(dir, `${base}.lua`);
    if (existsSync(direct)) return direct;
    if (!existsSync(dir)) return null;
    for (const sub of readdirSync(dir).sort()) {
      const candidate = join(dir, sub, `${base}.lua`);
      if (statSync(join(dir, sub)).isDirectory() && existsSync(candidate)) return candidate;
    }
    return null;
  }

  runtime(name: string): string | null {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return null;
    return this.read(join(this.root, 'runtimes', `${name}.lua`));
  }

  runtimeNames(): string[] {
    const dir = join(this.root, 'runtimes');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.lua')).map(stripLua).sort() : [];
  }

  library(name: string): { source: string; where: string } | { missing: string } {
    const file = `${name.replace(/\./g, '/')}.lua`;
    if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(name)) return { missing: `\n\tbad library name '${name}'` };
    const source = this.read(join(this.root, 'store', 'libraries', file));
    if (source !== null) return { source, where: `libraries/${file}` };
    return { missing: `\n\tno library 'libraries/${file}' in the store` };
  }
}

function stripLua(name: string): string {
  return name.endsWith('.lua') ? name.slice(0, -4) : name;
}
