// The backend interface: where the writable (user) layer keeps its entries, one value per
// NAMESPACE/NAME. Values are byte strings (latin1: one char per byte), as the kernel passes them.
import type { ByteString } from '../vm/vm.js';
import { StoreArgumentError, TooLargeError } from './errors.js';
import { checkName, checkNamespace, KIND, type Namespace } from './names.js';

/** The largest value one entry (and so one data stream) may hold: every change copies it whole. */
export const MAX_ENTRY_SIZE = 16 * 1024 * 1024;

export interface EntrySize {
  name: string;
  size: number;
}

/**
 * A flat store of byte-string values. Every call is synchronous (the kernel calls it inside a
 * slice), checks the name, and is atomic: a reader sees a whole old value or a whole new one.
 * Names are taken as stored (no `.lua` dropping: that is the Store's job).
 */
export interface Backend {
  /** Where the entries live, for people: a directory, or `(memory)`. */
  readonly location: string;
  /** The whole value, or null when there is no such entry. */
  get(ns: Namespace, name: string): ByteString | null;
  /** Up to `length` bytes from `offset` (fewer at the end; '' past it or for no entry). */
  read(ns: Namespace, name: string, offset: number, length: number): ByteString;
  /** The value's size in bytes, or null when there is no such entry. */
  size(ns: Namespace, name: string): number | null;
  /** Creates or replaces the entry, atomically. */
  put(ns: Namespace, name: string, value: ByteString): void;
  /** Deletes the entry; false when there was none. */
  remove(ns: Namespace, name: string): boolean;
  /** The namespace's entries, by name (code-unit order). */
  list(ns: Namespace): EntrySize[];
}

/** The backends' own namespace and name check (the Store checked already; this is the second line of defence). */
export function checkStoredName(ns: Namespace, name: string): string {
  return checkName(KIND[checkNamespace(ns)], name);
}

/** Code-unit order of names, the order every listing uses. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Refuses a value that is not a byte string or is over the size limit. */
export function checkValue(ns: Namespace, name: string, value: ByteString): void {
  if (typeof value !== 'string') throw new StoreArgumentError(`${ns}/${name}: the value must be a byte string, got ${typeof value}`);
  if (value.length > MAX_ENTRY_SIZE) {
    throw new TooLargeError(`${ns}/${name}: ${value.length} bytes is over the store's limit of ${MAX_ENTRY_SIZE} bytes per entry`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class names every byte, \x00 included
  if (/[^\x00-\xff]/.test(value)) throw new StoreArgumentError(`${ns}/${name}: the value is not a byte string (a character above \\xff)`);
}

/** Checks a read's offset and length (whole numbers, not negative). */
export function checkRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new StoreArgumentError(`bad offset ${offset}: expected a whole number >= 0`);
  if (!Number.isSafeInteger(length) || length < 0) throw new StoreArgumentError(`bad length ${length}: expected a whole number >= 0`);
}

/** What the Store needs of a read-only layer (the factory content): a Backend without the writes. */
export type ReadOnlyLayer = Pick<Backend, 'location' | 'get' | 'size' | 'list'>;
