// What an entry may be called: the store's namespaces and its name rules. A bad name is an error,
// never a path: names are checked on every call, by the store and again by each backend.
import { BadNameError, BadNamespaceError } from './errors.js';

export { BadNameError } from './errors.js';

/** The store's flat namespaces; `data` holds one data stream per program. */
export const NAMESPACES = ['programs', 'libraries', 'runtimes', 'services', 'data'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Namespaces of Lua source, where a trailing `.lua` on a name is optional (and not part of the name). */
const CODE_NAMESPACES: ReadonlySet<Namespace> = new Set(['programs', 'libraries', 'runtimes', 'services']);

/** What one entry of each namespace is called in messages. */
export const KIND: Record<Namespace, string> = {
  programs: 'program',
  libraries: 'library',
  runtimes: 'runtime',
  services: 'service',
  data: 'data stream',
};

export const MAX_NAME_LENGTH = 64;
/** 1-64 of letters, digits, '_', '-', '.', not starting with '.' (so temporary files never look like entries). */
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;

export function isNamespace(ns: string): ns is Namespace {
  return (NAMESPACES as readonly string[]).includes(ns);
}

export function checkNamespace(ns: string): Namespace {
  if (isNamespace(ns)) return ns;
  throw new BadNamespaceError(ns, (shown) => `unknown namespace '${shown}' (namespaces: ${NAMESPACES.join(', ')})`);
}

/** Returns the name if valid; throws BadNameError saying what is wrong otherwise. */
export function checkName(kind: string, name: string): string {
  if (isName(name)) return name;
  if (name.length === 0) throw new BadNameError(name, () => `bad ${kind} name: empty`);
  if (name.length > MAX_NAME_LENGTH) throw new BadNameError(name, () => `bad ${kind} name: longer than ${MAX_NAME_LENGTH} characters`);
  throw new BadNameError(name, (shown) => `bad ${kind} name '${shown}': use letters, digits, '_', '-' and '.' (not first), no '/' or '..'`);
}

/** Whether a name is a valid stored name (for listings, which skip anything else). */
export function isName(name: string): boolean {
  return NAME.test(name) && !name.includes('..');
}

/**
 * A name as stored: `.lua` dropped in the code namespaces, then checked. A code name may not end in `.lua` once
 * that is dropped (`b.lua.lua`): stored as `b.lua`, it could never be named again (`b.lua` means `b`).
 */
export function entryName(ns: Namespace, name: string): string {
  if (!CODE_NAMESPACES.has(ns)) return checkName(KIND[ns], name);
  const stored = checkName(KIND[ns], stripLua(name));
  if (stored.endsWith('.lua')) throw new BadNameError(name, (shown) => `bad ${KIND[ns]} name '${shown}': ends in .lua twice`);
  return stored;
}

/** `NAMESPACE/NAME` (as the CLI takes it) → its parts, checked. */
export function parseEntryRef(ref: string): { namespace: Namespace; name: string } {
  const slash = ref.indexOf('/');
  if (slash < 0) {
    throw new BadNamespaceError(ref, (shown) => `expected NAMESPACE/NAME (such as programs/hello), got '${shown}' (namespaces: ${NAMESPACES.join(', ')})`);
  }
  const namespace = checkNamespace(ref.slice(0, slash));
  return { namespace, name: entryName(namespace, ref.slice(slash + 1)) };
}

/** Drops one trailing `.lua`, unless nothing would be left. */
export function stripLua(name: string): string {
  return name.endsWith('.lua') && name.length > 4 ? name.slice(0, -4) : name;
}
