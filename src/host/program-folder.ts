// The folder of a program file the host user ran, as the kernel's ProgramFolder: require reads `.lua` files in it
// (read-only, never outside it, symbolic links included), and the text of a Lua file as lua5.4 reads one.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { ProgramFolder } from '../kernel/process.js';
import type { ByteString } from '../vm/vm.js';

/** A Lua file's text as lua5.4 loads it: a UTF-8 byte-order mark skipped, a first line starting with `#` emptied. */
export function luaFileText(bytes: ByteString): ByteString {
  const text = bytes.startsWith('\xef\xbb\xbf') ? bytes.slice(3) : bytes;
  if (!text.startsWith('#')) return text;
  const nl = text.indexOf('\n');
  return nl < 0 ? '' : text.slice(nl); // the newline stays, so line numbers do not move
}

export class HostProgramFolder implements ProgramFolder {
  private readonly root: string;

  /** `dir`: the folder of the program file (resolved once: a later change of the working folder does not move it). */
  constructor(dir: string) {
    this.root = realpathSync(dir);
  }

  read(path: ByteString): { source: ByteString; chunkname: ByteString } | { missing: string } {
    const rel = Buffer.from(path, 'latin1').toString('utf8');
    const missing = (why?: string) => ({ missing: `no file '${path}'${why ? ` (${why})` : ''}` });
    if (isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return missing("outside the program's folder");
    let real: string;
    try {
      real = realpathSync(resolve(this.root, rel));
    } catch {
      return missing();
    }
    if (!real.startsWith(this.root + sep)) return missing("outside the program's folder");
    if (!statSync(real).isFile()) return missing();
    if (!rel.endsWith('.lua')) return missing('only .lua files are read'); // a file that is there, but not Lua text
    return { source: luaFileText(readFileSync(real, 'latin1')), chunkname: `@${path}` };
  }
}
