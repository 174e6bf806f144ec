// The file system's path rules, in one place for every runtime: virtual paths as CraftOS writes them ('a/b',
// '/' or '\' between names, '.' and '..'), the checks that refuse hostile ones, and the '*'/'?' wildcards of find.
// (Not src/paths.ts, which finds thox's own files on the host.)
import { FsError } from './fs-errors.js';

/** A path longer than this many bytes is refused (a host path under the store must still fit PATH_MAX). */
export const MAX_PATH_BYTES = 1024;
/** A name longer than this many bytes is refused (the host file systems' NAME_MAX). */
export const MAX_NAME_BYTES = 255;
/** A path deeper than this many names is refused. */
export const MAX_DEPTH = 64;

/** Characters no name may hold: CraftOS drops these (and control characters); the file system refuses them. */
const FORBIDDEN = /["*:<>?|]/;
/** C0 controls and DEL (bytes 0x80-0x9F are CraftOS glyphs, kept). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The names of a path after '.' and '..' are applied, as CraftOS's combine does: '..' above the top is kept
 * as a leading '..' (combine and getDir show it; resolve refuses it). Works on any text, however long.
 */
export function split(path: string): string[] {
  const names: string[] = [];
  for (const name of path.split(/[/\\]/)) {
    if (name === '' || name === '.') continue;
    if (name === '..' && names.length > 0 && names[names.length - 1] !== '..') names.pop();
    else names.push(name);
  }
  return names;
}

/** The normalised form of a path: names joined with '/', no leading '/' ('' is the root). */
export function normalise(path: string): string {
  return split(path).join('/');
}

/** How a path is shown in errors: '/' and its normalised form, control characters as '?', long ones cut. */
export function display(path: string): string {
  const shown = `/${normalise(path)}`.replace(new RegExp(CONTROL.source, 'g'), '?');
  return shown.length > 64 ? `${shown.slice(0, 61)}...` : shown;
}

/**
 * The names of a path an operation may use, or an FsError saying why not ('/..: Invalid Path'): never above the
 * root, no NUL or control characters, none of `"*:<>?|`, valid UTF-8, and within the length and depth limits.
 * An absolute path ('/etc/passwd') is a path from the virtual root: nothing here ever names a host file.
 */
export function resolve(path: string, options: { wildcards?: boolean } = {}): string[] {
  const refuse = (why?: string): never => {
    throw new FsError(`${display(path)}: Invalid Path${why ? ` (${why})` : ''}`);
  };
  if (path.length > MAX_PATH_BYTES) refuse(`longer than ${MAX_PATH_BYTES} bytes`);
  if (CONTROL.test(path)) refuse('control character');
  if (!isUtf8(path)) refuse('not UTF-8');
  const names = split(path);
  if (names[0] === '..') refuse();
  if (names.length > MAX_DEPTH) refuse(`deeper than ${MAX_DEPTH} names`);
  for (const name of names) {
    if (name.length > MAX_NAME_BYTES) refuse(`a name longer than ${MAX_NAME_BYTES} bytes`);
    if (FORBIDDEN.test(options.wildcards ? name.replace(/[*?]/g, '') : name)) refuse(`a name holds one of "*:<>?|`);
  }
  return names;
}

/** Whether a host file's name is one the file system can show (files with other names stay invisible). */
export function isVisibleName(name: string): boolean {
  try {
    const names = resolve(name);
    return names.length === 1 && names[0] === name;
  } catch {
    return false;
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Whether a byte string (one character per byte) is valid UTF-8. */
function isUtf8(bytes: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is for bytes >= 0x80 only
  if (!/[^\u0000-\u007f]/.test(bytes)) return true;
  try {
    STRICT_UTF8.decode(Buffer.from(bytes, 'latin1'));
    return true;
  } catch {
    return false;
  }
}

/** CraftOS's fs.combine: the paths joined and normalised ('*' and '?' kept, a leading '..' kept). */
export function combine(...paths: string[]): string {
  return normalise(paths.join('/'));
}

/** CraftOS's fs.getName: the last name, or 'root' for the root. */
export function getName(path: string): string {
  const names = split(path);
  return names.length === 0 ? 'root' : names[names.length - 1];
}

/** CraftOS's fs.getDir: the parent ('..' for the root, '../..' for '..'). */
export function getDir(path: string): string {
  const names = split(path);
  if (names.length === 0) return '..';
  if (names[names.length - 1] === '..') return [...names, '..'].join('/');
  return names.slice(0, -1).join('/');
}

/** Whether a name matches a find pattern's name: '*' any run of characters, '?' one character. */
export function matchWildcard(pattern: string, name: string): boolean {
  // Iterative matching with one backtrack point: linear in practice, never exponential.
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

export function hasWildcard(name: string): boolean {
  return name.includes('*') || name.includes('?');
}
