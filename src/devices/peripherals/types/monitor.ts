// The monitor peripheral: a second terminal (the Terminal device) drawn on by method calls, with a text scale
// (0.5 to 5 in steps of 0.5: a larger scale shows fewer, bigger cells) and monitor_touch events; the term API's
// methods in both spellings (setTextColour and setTextColor), so a window can have a monitor as its parent.
import type { Args } from '../../../kernel/arguments.js';
import { LuaFloat, type LuaValue } from '../../../vm/vm.js';
import { Terminal } from '../../terminal.js';
import { TERMINAL_METHODS } from '../../terminal-methods.js';
import { type Peripheral, type PeripheralEnv, PeripheralError, type PeripheralType } from '../types.js';

/** Cells of a monitor at text scale 1 (a wall of 4x3 blocks in CC shows about this many). */
export const MONITOR_WIDTH = 39;
export const MONITOR_HEIGHT = 19;

/** The size at `scale`: the scale-1 size divided by the scale, at least one cell. */
function sized(scale: number): [number, number] {
  return [Math.max(1, Math.round(MONITOR_WIDTH / scale)), Math.max(1, Math.round(MONITOR_HEIGHT / scale))];
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

/** The term API's methods (terminal-methods.ts) on the monitor's terminal. */
function terminalMethods(terminal: Terminal): Record<string, (a: Args) => LuaValue[]> {
  const methods: Record<string, (a: Args) => LuaValue[]> = {};
  for (const [name, method] of Object.entries(TERMINAL_METHODS)) methods[name] = (a) => method(terminal, a) ?? [];
  return methods;
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
        ...terminalMethods(terminal),
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
