// Store names: what a program, runtime or library may be called. A bad name is an error, never a path.
// Names are 1-64 characters of letters, digits, '_', '-' and '.', not starting with '.'.

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;

export class BadNameError extends Error {}

/** Returns the name if valid; throws BadNameError saying what is wrong otherwise. */
export function checkName(kind: string, name: string): string {
  if (NAME.test(name) && !name.includes('..')) return name;
  if (name.length === 0) throw new BadNameError(`bad ${kind} name: empty`);
  if (name.length > 64) throw new BadNameError(`bad ${kind} name: longer than 64 characters`);
  throw new BadNameError(`bad ${kind} name '${printable(name)}': use letters, digits, '_', '-' and '.' (not first), no '/' or '..'`);
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 80);
}
