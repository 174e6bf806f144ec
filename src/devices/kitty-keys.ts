// The kitty keyboard protocol's key reports, for terminals that have it: real presses, repeats and releases
// (`CSI code;mods:type;text u`, and the legacy `CSI 1;mods:type A` and `CSI n;mods:type ~` forms) as input events.
import type { InputEvent } from './input.js';
import { keyCode, keyOfChar } from './keys.js';

/** The flags asked for: disambiguate (1), report event types (2), all keys as escape codes (8), associated text (16). */
export const KITTY_FLAGS = 1 | 2 | 8 | 16;
/** Asks the terminal for its flags: one that has the protocol answers `CSI ? flags u`, others ignore it. */
export const KITTY_QUERY = '\x1b[?u';
/** Pushes KITTY_FLAGS on the terminal's stack (of the screen shown: the alternate one), and pops them. */
export const KITTY_PUSH = `\x1b[>${KITTY_FLAGS}u`;
export const KITTY_POP = '\x1b[<u';

/** What happened to a key: kitty's event types 1, 2 and 3. */
export type KeyAction = 'press' | 'repeat' | 'release';

/** Kitty's codes of keys that are not text (the Unicode private use area and a few C0 codes), by key name. */
const FUNCTIONAL: Record<number, string> = {
  9: 'tab',
  13: 'enter',
  27: 'escape',
  127: 'backspace',
  57358: 'capsLock',
  57359: 'scrollLock',
  57360: 'numLock',
  57361: 'printScreen',
  57362: 'pause',
  57363: 'menu',
  57414: 'enter',
  57441: 'leftShift',
  57442: 'leftCtrl',
  57443: 'leftAlt',
  57444: 'leftSuper',
  57447: 'rightShift',
  57448: 'rightCtrl',
  57449: 'rightAlt',
  57450: 'rightSuper',
};
/** F13..F25 are 57376.. in kitty's codes. */
const F13 = 57376;
/** The keypad's digits 0..9 are 57399..: shown as the digit keys. */
const KP_0 = 57399;
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** The modifier bits of kitty's modifiers field (its value less one). */
const SHIFT = 1;
const ALT = 2;
const CTRL = 4;
const SUPER = 8;

/** The GLFW code of kitty's key `code` (a text key's is its unshifted character's code point), or undefined. */
function glfwKey(code: number): number | undefined {
  if (code >= 32 && code < 127) return keyOfChar(String.fromCharCode(code));
  const fKey = code >= F13 && code <= F13 + 12 ? `f${13 + code - F13}` : undefined;
  const name = FUNCTIONAL[code] ?? fKey ?? (code >= KP_0 && code <= KP_0 + 9 ? DIGITS[code - KP_0] : undefined);
  return name === undefined ? undefined : keyCode(name);
}

/** The action of a modifiers field `mods[:type]` (press when absent). */
export function actionOf(field: string | undefined): KeyAction {
  const type = field?.split(':')[1];
  return type === '2' ? 'repeat' : type === '3' ? 'release' : 'press';
}

/** The modifier bits of a modifiers field (0 when absent). */
function modifiers(field: string | undefined): number {
  const n = Number(field?.split(':')[0] || '1');
  return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
}

/** A key's events for `action`: a press or repeat is `key` (held on a repeat) then the text typed; a release `key_up`. */
export function keyEvents(key: number | undefined, action: KeyAction, text = ''): InputEvent[] {
  const out: InputEvent[] = [];
  if (action === 'release') {
    if (key !== undefined) out.push({ type: 'key_up', key });
    return out;
  }
  if (key !== undefined) out.push({ type: 'key', key, held: action === 'repeat' });
  for (const ch of text) out.push({ type: 'char', char: (ch.codePointAt(0) ?? 0x3f) <= 0xff ? ch : '?' });
  return out;
}

/** What a `CSI ... u` key report means: its events, or the terminate and interrupt keys (Ctrl+T, Ctrl+C pressed). */
export type KittyReport = { kind: 'events'; events: InputEvent[] } | { kind: 'terminate' } | { kind: 'interrupt' };

/** Decodes the parameters of a `CSI code[:alternates] ; mods[:type] ; text u` key report. */
export function kittyReport(params: string): KittyReport {
  const [codeField, modsField, textField] = params.split(';');
  const code = Number(codeField.split(':')[0]);
  const action = actionOf(modsField);
  const mods = modifiers(modsField);
  if (action === 'press' && mods & CTRL && code === 116) return { kind: 'terminate' };
  if (action === 'press' && mods & CTRL && code === 99) return { kind: 'interrupt' };
  const text = textField ? String.fromCodePoint(...textField.split(':').map(Number).filter(isTextPoint)) : typedText(code, mods);
  return { kind: 'events', events: keyEvents(glfwKey(code), action, text) };
}

function isTextPoint(c: number): boolean {
  return Number.isInteger(c) && c >= 32 && c <= 0x10ffff && c !== 127;
}

/** The text of a printable key when the terminal sent none (no associated text): the character, shifted for letters. */
function typedText(code: number, mods: number): string {
  if (code < 32 || code >= 127 || mods & (ALT | CTRL | SUPER)) return '';
  const ch = String.fromCharCode(code);
  return mods & SHIFT ? ch.toUpperCase() : ch;
}
