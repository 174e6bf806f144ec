// The peripheral types thox knows, by the name `--peripheral SIDE=NAME` gives: adding a type is its own file
// (a PeripheralType) and its line here.
import { monitor } from './monitor.js';
import { wiredModem, wirelessModem } from './modem.js';
import { redstoneRelay } from './redstone.js';
import type { PeripheralType } from './types.js';

export const PERIPHERAL_TYPES: ReadonlyMap<string, PeripheralType> = new Map([wirelessModem, wiredModem, monitor, redstoneRelay].map((t) => [t.name, t]));

/** The type named `name`; an unknown name is refused with the known ones. */
export function peripheralType(name: string): PeripheralType {
  const type = PERIPHERAL_TYPES.get(name);
  if (!type) throw new RangeError(`unknown peripheral type '${name}' (known: ${[...PERIPHERAL_TYPES.keys()].join(', ')})`);
  return type;
}
