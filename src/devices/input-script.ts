// The input event script (`thox run --input FILE`): one command a line, each an input event or a pause, so a
// CI job can drive an interactive program. Parsed whole before the run; errors name the line.
import type { InputEvent, MouseButton } from './input.js';
import { keyCode } from './keys.js';

/** One step of a script: an event to deliver, a pause of virtual or real seconds, or a resize of the terminal. */
export type ScriptStep = { kind: 'event'; event: InputEvent } | { kind: 'sleep'; seconds: number } | { kind: 'resize'; width: number; height: number };

export class ScriptError extends Error {}

/** A line's words: bare words, and "quoted strings" with \n \t \r \" \\ and \xHH escapes. */
function words(line: string, n: number): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]\S*))/gy;
  let last = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    out.push(m[1] !== undefined ? unquote(m[1], n) : m[2]);
    last = re.lastIndex;
  }
  if (line.slice(last).trim() !== '') throw new ScriptError(`line ${n}: unfinished string`);
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

function unquote(s: string, n: number): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    const c = ESCAPES[e];
    if (c === undefined) throw new ScriptError(`line ${n}: unknown escape '\\${e}'`);
    return c;
  });
}

function integer(word: string | undefined, what: string, n: number, min: number, max: number): number {
  const v = Number(word);
  if (word === undefined || !/^-?\d+$/.test(word) || v < min || v > max)
    throw new ScriptError(`line ${n}: ${what} must be a whole number ${min} to ${max}, got '${word ?? ''}'`);
  return v;
}

function key(word: string | undefined, n: number): number {
  if (word !== undefined && /^\d+$/.test(word)) return integer(word, 'key code', n, 0, 999);
  const code = word === undefined ? undefined : keyCode(word);
  if (code === undefined) throw new ScriptError(`line ${n}: unknown key '${word ?? ''}' (names as in CraftOS keys: a, enter, leftCtrl, f1 ...)`);
  return code;
}

/** A mouse command's button (or scroll direction), x and y. */
function mouseArgs(w: string[], n: number): [number, number, number] {
  return [integer(w[1], 'button', n, -1, 3), integer(w[2], 'x', n, 1, 65535), integer(w[3], 'y', n, 1, 65535)];
}

function event(event: InputEvent): ScriptStep[] {
  return [{ kind: 'event', event }];
}

/** The commands: each turns a line's words into steps. */
const COMMANDS: Record<string, (w: string[], n: number) => ScriptStep[]> = {
  char: (w, n) => {
    if (w[1] === undefined || w[1].length === 0) throw new ScriptError(`line ${n}: char needs a character or a "string"`);
    return [...w[1]].flatMap((char) => event({ type: 'char', char }));
  },
  key: (w, n) => {
    const k = key(w[1], n);
    return [...event({ type: 'key', key: k, held: false }), ...event({ type: 'key_up', key: k })];
  },
  key_down: (w, n) => event({ type: 'key', key: key(w[1], n), held: w[2] === 'held' }),
  key_up: (w, n) => event({ type: 'key_up', key: key(w[1], n) }),
  paste: (w, n) => {
    if (w[1] === undefined) throw new ScriptError(`line ${n}: paste needs a "string"`);
    return event({ type: 'paste', text: w[1] });
  },
  mouse_click: (w, n) => mouseEvent('mouse_click', w, n),
  mouse_up: (w, n) => mouseEvent('mouse_up', w, n),
  mouse_drag: (w, n) => mouseEvent('mouse_drag', w, n),
  mouse_scroll: (w, n) => {
    const [d, x, y] = mouseArgs(w, n);
    if (d !== -1 && d !== 1) throw new ScriptError(`line ${n}: scroll direction must be -1 (up) or 1 (down), got ${d}`);
    return event({ type: 'mouse_scroll', direction: d, x, y });
  },
  resize: (w, n) => [{ kind: 'resize', width: integer(w[1], 'width', n, 1, 1000), height: integer(w[2], 'height', n, 1, 1000) }],
  terminate: () => event({ type: 'terminate' }),
  sleep: (w, n) => {
    const s = Number(w[1]);
    if (w[1] === undefined || !Number.isFinite(s) || s < 0 || s > 86400)
      throw new ScriptError(`line ${n}: sleep needs seconds, 0 to 86400, got '${w[1] ?? ''}'`);
    return [{ kind: 'sleep', seconds: s }];
  },
};

const BUTTONS: readonly MouseButton[] = [1, 2, 3];

function mouseEvent(type: 'mouse_click' | 'mouse_up' | 'mouse_drag', w: string[], n: number): ScriptStep[] {
  const [b, x, y] = mouseArgs(w, n);
  const button = BUTTONS.find((v) => v === b);
  if (button === undefined) throw new ScriptError(`line ${n}: button must be 1 (left), 2 (right) or 3 (middle), got ${b}`);
  return event({ type, button, x, y });
}

/** The command names, for messages and the docs. */
export const SCRIPT_COMMANDS = Object.keys(COMMANDS);

/** Parses a whole script (text as UTF-8 decoded; characters past U+00FF become '?'). */
export function parseInputScript(text: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const w = words(latin1(line), n);
    const command = Object.hasOwn(COMMANDS, w[0]) ? COMMANDS[w[0]] : undefined;
    if (!command) throw new ScriptError(`line ${n}: unknown command '${w[0]}' (known: ${SCRIPT_COMMANDS.join(', ')})`);
    steps.push(...command(w, n));
  });
  return steps;
}

/** A line's characters as the terminal's bytes: ISO-8859-1, '?' for the rest. */
function latin1(line: string): string {
  let out = '';
  for (const ch of line) out += (ch.codePointAt(0) ?? 0x3f) <= 0xff ? ch : '?';
  return out;
}
