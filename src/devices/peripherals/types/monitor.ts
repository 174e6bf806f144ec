// The monitor peripheral: a second terminal (the Terminal device) drawn on by method calls, with a text scale
// (0.5 to 5 in steps of 0.5: a larger scale shows fewer, bigger cells) and monitor_touch events; the term API's
// methods in both spellings (setTextColour and setTextColor), so a window can have a monitor as its parent.
import { type Args, luaType } from '../../../kernel/arguments.js';
import { LuaFloat } from '../../../vm/vm.js';
import { DEFAULT_PALETTE, isBlitColours, type Rgb, Terminal, unpack } from '../../terminal.js';
import { type Peripheral, type PeripheralEnv, PeripheralError, type PeripheralType } from '../types.js';

/** Cells of a monitor at text scale 1 (a wall of 4x3 blocks in CC shows about this many). */
export const MONITOR_WIDTH = 39;
export const MONITOR_HEIGHT = 19;

/** The size at `scale`: the scale-1 size divided by the scale, at least one cell. */
function sized(scale: number): [number, number] {
  return [Math.max(1, Math.round(MONITOR_WIDTH / scale)), Math.max(1, Math.round(MONITOR_HEIGHT / scale))];
}

function colour(a: Args, i: number): number {
  const n = a.integer(i);
  if (n < 1 || n >= 65536) a.fail(i, 'colour out of range');
  return Math.floor(Math.log2(n));
}

/** A number argument, integer or float. */
function real(a: Args, i: number): number {
  const v = a.value(i);
  return v instanceof LuaFloat ? v.value : typeof v === 'number' ? v : a.fail(i, 'number expected');
}

function flag(a: Args, i: number): boolean {
  const v = a.value(i);
  return typeof v === 'boolean' ? v : a.fail(i, `boolean expected, got ${luaType(v)}`);
}

/** A palette entry's red, green and blue as Lua floats. */
function rgbValues(rgb: Rgb): LuaFloat[] {
  return rgb.map((c) => new LuaFloat(c));
}

/** setPaletteColour's colour: 0xRRGGBB in one argument, or red, green and blue from 0 to 1. */
function paletteArg(a: Args): Rgb {
  if (!a.isNil(3) || !a.isNil(4)) return [real(a, 2), real(a, 3), real(a, 4)];
  const rgb = a.integer(2);
  if (rgb < 0 || rgb > 0xffffff) a.fail(2, 'colour must be 0x000000 to 0xFFFFFF');
  return unpack(rgb);
}

/** The methods under CraftOS's other spelling too: setTextColor beside setTextColour, isColor beside isColour. */
function bothSpellings<T>(methods: Record<string, T>): Record<string, T> {
  const all = { ...methods };
  for (const [name, method] of Object.entries(methods)) all[name.replace('Colour', 'Color')] = method;
  return all;
}

function scaleArg(a: Args, i: number): number {
  const v = a.value(i);
  const n = v instanceof LuaFloat ? v.value : typeof v === 'number' ? v : a.fail(i, 'number expected');
  if (n < 0.5 || n > 5 || Math.round(n * 2) !== n * 2) throw new PeripheralError('Expected number in range 0.5-5');
  return n;
}

/** A method that answers nothing. */
function act(f: (a: Args) => void): (a: Args) => [] {
  return (a) => {
    f(a);
    return [];
  };
}

export const monitor: PeripheralType = {
  name: 'monitor',
  create(env: PeripheralEnv): Peripheral {
    let scale = 1;
    const terminal = new Terminal(...sized(scale));
    return {
      type: 'monitor',
      screen: terminal,
      methods: bothSpellings({
        write: act((a) => terminal.write(a.string(1))),
        blit: (a) => {
          const [text, fg, bg] = [a.string(1), a.string(2), a.string(3)];
          if (fg.length !== text.length || bg.length !== text.length) a.fail(3, 'arguments must be the same length');
          if (!isBlitColours(fg)) a.fail(2, 'colours must be hex digits 0-9 and a-f');
          if (!isBlitColours(bg)) a.fail(3, 'colours must be hex digits 0-9 and a-f');
          terminal.blit(text, fg, bg);
          return [];
        },
        clear: act(() => terminal.clear()),
        clearLine: act(() => terminal.clearLine()),
        getCursorPos: () => [terminal.cursorX, terminal.cursorY],
        setCursorPos: act((a) => terminal.setCursorPos(a.integer(1), a.integer(2))),
        getCursorBlink: () => [terminal.blink],
        setCursorBlink: act((a) => terminal.setCursorBlink(flag(a, 1))),
        getSize: () => [terminal.width, terminal.height],
        scroll: act((a) => terminal.scroll(a.integer(1))),
        setTextColour: act((a) => terminal.setTextColour(colour(a, 1))),
        getTextColour: () => [2 ** terminal.textColour],
        setBackgroundColour: act((a) => terminal.setBackgroundColour(colour(a, 1))),
        getBackgroundColour: () => [2 ** terminal.backgroundColour],
        isColour: () => [terminal.colour],
        getPaletteColour: (a) => rgbValues(terminal.palette[colour(a, 1)]),
        setPaletteColour: act((a) => terminal.setPaletteColour(colour(a, 1), paletteArg(a))),
        nativePaletteColour: (a) => rgbValues(unpack(DEFAULT_PALETTE[colour(a, 1)])),
        getLine: (a) => terminal.getLine(a.integer(1)) ?? a.fail(1, 'line is out of range'),
        getTextScale: () => [new LuaFloat(scale)],
        setTextScale: (a) => {
          scale = scaleArg(a, 1);
          terminal.resize(...sized(scale));
          env.emit('monitor_resize', { side: env.name }, [env.name]);
          return [];
        },
        /** A touch at a cell (the world outside, for tests and the host): a monitor_touch event. */
        touch: (a) => {
          const [x, y] = [a.integer(1), a.integer(2)];
          if (x < 1 || y < 1 || x > terminal.width || y > terminal.height) a.fail(1, 'position is off the monitor');
          env.emit('monitor_touch', { side: env.name, x, y }, [env.name, x, y]);
          return [];
        },
      }),
    };
  },
};
