// The file system's path rules, in one place for every runtime: virtual paths sanitised as CraftOS does it ('a/b',
// '/' or '\' between names, '.' and '..', odd characters dropped), the checks that refuse hostile ones, find's wildcards.
// (Not src/paths.ts, which finds thox's own files on the host.)
import { FsError } from './fs-errors.js';

/** A path longer than this many bytes is refused (a host path under the store must still fit PATH_MAX). */
export const MAX_PATH_BYTES = 1024;
/** A name is cut to this many bytes, as CraftOS cuts it (the host file systems' NAME_MAX). */
export const MAX_NAME_BYTES = 255;
/** A path deeper than this many names is refused. */
export const MAX_DEPTH = 64;

/** What CraftOS drops from a path before anything else: C0 controls and `"*:<>?|` (DEL and 0x80-0x9F are kept). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
const DROPPED = /[\u0000-\u001f"*:<>?|]/g;
/** The same where wildcards are allowed (combine, getName, getDir, find): `*` and `?` are kept. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
const DROPPED_KEEPING_WILDCARDS = /[\u0000-\u001f":<>|]/g;

/**
 * The names of a path as CraftOS's path sanitiser makes them: the characters above dropped, names split at '/' or
 * '\', spaces around each name trimmed, '', '.' and '...' (or more dots) skipped, '..' applied (kept as a leading
 * '..' above the top: combine and getDir show it, resolve refuses it), a name cut to 255 bytes. Works on any text.
 */
export function split(path: string, wildcards = true): string[] {
  const names: string[] = [];
  for (const part of path.replace(wildcards ? DROPPED_KEEPING_WILDCARDS : DROPPED, '').split(/[/\\]/)) {
    const name = trimSpaces(part);
    if (/^(\.|\.{3,})?$/.test(name)) continue;
    if (name === '..' && names.length > 0 && names[names.length - 1] !== '..') names.pop();
    else names.push(name.length > MAX_NAME_BYTES ? trimSpaces(name.slice(0, MAX_NAME_BYTES)) : name);
  }
  return names;
}

function trimSpaces(name: string): string {
  return name.replace(/^ +| +$/g, '');
}

/** The normalised form of a path: names joined with '/', no leading '/' ('' is the root). */
export function normalise(path: string): string {
  return split(path).join('/');
}

/** How a path is shown in errors: '/' and its sanitised form (as an operation sees it), long ones cut. */
export function display(path: string, wildcards = false): string {
  const shown = `/${split(path, wildcards).join('/')}`;
  return shown.length > 64 ? `${shown.slice(0, 61)}...` : shown;
}

/**
 * The names of a path an operation uses, sanitised as CraftOS does (see split), or an FsError saying why not: a
 * path above the root is CraftOS's '/..: Invalid Path'; thox also refuses bytes that are not UTF-8 and paths
 * longer than 1024 bytes or deeper than 64 names (with the reason in brackets). `strict` (mount points) refuses
 * a path CraftOS would have changed by dropping characters. An absolute path ('/etc/passwd') is a path from the
 * virtual root: nothing here ever names a host file.
 */
export function resolve(path: string, options: { wildcards?: boolean; strict?: boolean } = {}): string[] {
  const refuse = (why?: string): never => {
    throw new FsError(`${display(path)}: Invalid Path${why ? ` (${why})` : ''}`);
  };
  if (path.length > MAX_PATH_BYTES) refuse(`longer than ${MAX_PATH_BYTES} bytes`);
  const names = split(path, options.wildcards ?? false);
  if (names[0] === '..') refuse();
  if (names.length > MAX_DEPTH) refuse(`deeper than ${MAX_DEPTH} names`);
  if (!isUtf8(names.join('/'))) refuse('not UTF-8');
  if (options.strict && path.replace(DROPPED, '') !== path) {
    throw new FsError(`/${path.replace(/^[/\\]+/, '')}: Invalid Path (holds a control character or one of "*:<>?|)`);
  }
  return names;
}

/** The names of a path, or null when resolve refuses it (for the calls that answer false there, as CraftOS's do). */
export function resolvable(path: string): string[] | null {
  try {
    return resolve(path);
  } catch (e) {
    if (e instanceof FsError) return null;
    throw e;
  }
}

/** Whether a host file's name is one the file system can show (files with other names stay invisible). */
export function isVisibleName(name: string): boolean {
  const names = resolvable(name);
  return names !== null && names.length === 1 && names[0] === name;
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
