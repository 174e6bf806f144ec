// The key table: each key's name (as CraftOS programs spell it in `keys.*`) and its numeric code (the GLFW
// key code CraftOS programs compare against), written once; both directions of the lookup come from it.

/** Name → GLFW key code. Letters and digits are added below from their character codes. */
const NAMED: Record<string, number> = {
  space: 32,
  apostrophe: 39,
  comma: 44,
  minus: 45,
  period: 46,
  slash: 47,
  semicolon: 59,
  equals: 61,
  leftBracket: 91,
  backslash: 92,
  rightBracket: 93,
  grave: 96,
  enter: 257,
  tab: 258,
  backspace: 259,
  insert: 260,
  delete: 261,
  right: 262,
  left: 263,
  down: 264,
  up: 265,
  pageUp: 266,
  pageDown: 267,
  home: 268,
  end: 269,
  capsLock: 280,
  scrollLock: 281,
  numLock: 282,
  printScreen: 283,
  pause: 284,
  leftShift: 340,
  leftCtrl: 341,
  leftAlt: 342,
  leftSuper: 343,
  rightShift: 344,
  rightCtrl: 345,
  rightAlt: 346,
  rightSuper: 347,
  menu: 348,
};
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
DIGITS.forEach((name, i) => {
  NAMED[name] = 48 + i;
});
for (let c = 97; c <= 122; c++) NAMED[String.fromCharCode(c)] = c - 32;
for (let i = 1; i <= 25; i++) NAMED[`f${i}`] = 289 + i;
NAMED.escape = 256;
for (let i = 0; i <= 9; i++) NAMED[`numPad${i}`] = 320 + i;
Object.assign(NAMED, { numPadDecimal: 330, numPadDivide: 331, numPadMultiply: 332, numPadSubtract: 333, numPadAdd: 334 });
Object.assign(NAMED, { numPadEnter: 335, numPadEqual: 336, world1: 161, world2: 162 });

/** Every key name and its code. */
export const KEYS: Readonly<Record<string, number>> = NAMED;

const NAMES = new Map<number, string>(Object.entries(NAMED).map(([name, code]) => [code, name]));

/** The code of a named key, or undefined. */
export function keyCode(name: string): number | undefined {
  return Object.hasOwn(KEYS, name) ? KEYS[name] : undefined;
}

/** The name of a key code, or undefined. */
export function keyName(code: number): string | undefined {
  return NAMES.get(code);
}

/** US-layout characters typed with shift, and the key that types them. */
const SHIFTED: Record<string, string> = {
  '!': '1',
  '@': '2',
  '#': '3',
  $: '4',
  '%': '5',
  '^': '6',
  '&': '7',
  '*': '8',
  '(': '9',
  ')': '0',
  _: '-',
  '+': '=',
  '{': '[',
  '}': ']',
  '|': '\\',
  ':': ';',
  '"': "'",
  '<': ',',
  '>': '.',
  '?': '/',
  '~': '`',
};

/** The key that types printable ASCII character `ch` on a US layout (a letter's key for either case), or undefined. */
export function keyOfChar(ch: string): number | undefined {
  const base = SHIFTED[ch] ?? ch.toLowerCase();
  const code = base.toUpperCase().charCodeAt(0);
  if (base.length !== 1) return undefined;
  if (base === ' ' || (code >= 39 && code <= 96 && NAMES.has(code))) return code;
  return undefined;
}
