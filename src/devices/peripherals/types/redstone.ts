// The redstone relay peripheral: the six sides' redstone as virtual values — an output a program sets (on/off
// or 0-15) and an input it reads (0 until something drives it: driveInput, used by the host and tests).
import type { Args } from '../../../kernel/arguments.js';
import { LuaTable } from '../../../vm/vm.js';
import { type Peripheral, type PeripheralEnv, PeripheralError, type PeripheralType } from '../types.js';

export const SIDES = ['bottom', 'top', 'back', 'front', 'right', 'left'] as const;

const SIDE_INDEX = new Map<string, number>(SIDES.map((s, i) => [s, i]));

function side(a: Args, i: number): number {
  const s = a.string(i);
  const index = SIDE_INDEX.get(s);
  if (index === undefined) throw new PeripheralError(`Invalid side '${s}'`);
  return index;
}

function level(a: Args, i: number): number {
  const n = a.integer(i);
  if (n < 0 || n > 15) a.fail(i, 'Expected number in range 0-15');
  return n;
}

export const redstoneRelay: PeripheralType = {
  name: 'redstone_relay',
  create(env: PeripheralEnv): Peripheral {
    const output = new Array<number>(SIDES.length).fill(0);
    const input = new Array<number>(SIDES.length).fill(0);
    return {
      type: 'redstone_relay',
      methods: {
        getSides: () => [LuaTable.list([...SIDES])],
        getInput: (a) => [input[side(a, 1)] > 0],
        getAnalogInput: (a) => [input[side(a, 1)]],
        getOutput: (a) => [output[side(a, 1)] > 0],
        getAnalogOutput: (a) => [output[side(a, 1)]],
        setOutput: (a) => {
          output[side(a, 1)] = a.value(2) === true ? 15 : a.value(2) === false ? 0 : a.fail(2, 'boolean expected');
          return [];
        },
        setAnalogOutput: (a) => {
          output[side(a, 1)] = level(a, 2);
          return [];
        },
        /** Drives an input (the world outside, for tests and the host): a `redstone` event when it changes. */
        driveInput: (a) => {
          const i = side(a, 1);
          const n = level(a, 2);
          if (input[i] !== n) {
            input[i] = n;
            env.emit('redstone', {}, []);
          }
          return [];
        },
      },
    };
  },
};
