// The monitor peripheral: a second terminal (the Terminal device) drawn on by method calls, with a text scale
// (0.5 to 5 in steps of 0.5: a larger scale shows fewer, bigger cells) and monitor_touch events.
import type { Args } from '../../../kernel/arguments.js';
import { LuaFloat } from '../../../vm/vm.js';
import { isBlitColours, Terminal } from '../../terminal.js';
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
      methods: {
        write: act((a) => terminal.write(a.string(1))),
        blit: (a) => {
          const [text, fg, bg] = [a.string(1), a.string(2), a.string(3)];
          if (fg.length !== text.length || bg.length !== text.length) a.fail(3, 'arguments must be the same length');
          if (!isBlitColours(fg) || !isBlitColours(bg)) a.fail(2, 'colours must be hex digits 0-9 and a-f');
          terminal.blit(text, fg, bg);
          return [];
        },
        clear: act(() => terminal.clear()),
        clearLine: act(() => terminal.clearLine()),
        getCursorPos: () => [terminal.cursorX, terminal.cursorY],
        setCursorPos: act((a) => terminal.setCursorPos(a.integer(1), a.integer(2))),
        getSize: () => [terminal.width, terminal.height],
        scroll: act((a) => terminal.scroll(a.integer(1))),
        setTextColour: act((a) => terminal.setTextColour(colour(a, 1))),
        getTextColour: () => [2 ** terminal.textColour],
        setBackgroundColour: act((a) => terminal.setBackgroundColour(colour(a, 1))),
        getBackgroundColour: () => [2 ** terminal.backgroundColour],
        isColour: () => [terminal.colour],
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
      },
    };
  },
};
