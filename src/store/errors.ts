// What can go wrong in the store, as error classes the CLI and the kernel can tell apart.
// Every store error says which entry and what to do; none carries a host path the sandbox should not see.

/** Any refusal or failure of the store. `code` is stable and meant for programs (the kernel, the CLI). */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export type StoreErrorCode = 'bad-name' | 'bad-namespace' | 'missing' | 'read-only' | 'too-large' | 'bad-argument' | 'lock' | 'io';

/** How a refused name is shown in a message: `printable` for byte strings from Lua, or the caller's own. */
export type ShowName = (name: string) => string;

/**
 * A refusal about a name someone gave (a bad name, namespace or entry reference). It keeps that text, so a
 * caller that knows its encoding (the CLI: what the user typed) can word the message again with `messageShowing`.
 */
export class NameRefusal extends StoreError {
  constructor(
    code: 'bad-name' | 'bad-namespace',
    readonly given: string,
    private readonly words: (shown: string) => string,
  ) {
    super(code, words(printable(given)));
  }

  /** The message with the given name shown by `show`. */
  messageShowing(show: ShowName): string {
    return this.words(show(this.given));
  }
}

/** A name that is not a store name (empty, too long, '/', '..', control characters, ...). */
export class BadNameError extends NameRefusal {
  constructor(given: string, words: (shown: string) => string) {
    super('bad-name', given, words);
    this.name = 'BadNameError';
  }
}

/** A namespace (or an entry reference) that is not one of the store's. */
export class BadNamespaceError extends NameRefusal {
  constructor(given: string, words: (shown: string) => string) {
    super('bad-namespace', given, words);
    this.name = 'BadNamespaceError';
  }
}

/** No entry of that name in any layer. */
export class MissingEntryError extends StoreError {
  constructor(message: string) {
    super('missing', message);
    this.name = 'MissingEntryError';
  }
}

/** A change to an entry that only the read-only factory layer has. */
export class ReadOnlyError extends StoreError {
  constructor(message: string) {
    super('read-only', message);
    this.name = 'ReadOnlyError';
  }
}

/** A value over the store's size limit. */
export class TooLargeError extends StoreError {
  constructor(message: string) {
    super('too-large', message);
    this.name = 'TooLargeError';
  }
}

/** A bad offset, length, size or value given to the store or a data stream. */
export class StoreArgumentError extends StoreError {
  constructor(message: string) {
    super('bad-argument', message);
    this.name = 'StoreArgumentError';
  }
}

/** The host refused (permissions, a directory where an entry should be, a full disk...). */
export class StoreIoError extends StoreError {
  constructor(message: string) {
    super('io', message);
    this.name = 'StoreIoError';
  }
}

/** A lock request the lock table refuses: a second request by the same holder, a release of nothing. */
export class LockError extends StoreError {
  constructor(message: string) {
    super('lock', message);
    this.name = 'LockError';
  }
}

/** A name safe to print from a byte string: control and non-ASCII bytes as \xNN, at most 80 characters. */
export function printable(s: string): string {
  const shown = s.length > 80 ? `${s.slice(0, 77)}...` : s;
  return shown.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
