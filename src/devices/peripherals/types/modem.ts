// The modem peripheral: channels 0-65535 opened and closed, transmit (the payload copied), modem_message
// events to its users with the distance for wireless ones. `modem` is wireless, `wired_modem` wired (both of type modem).
import type { Args } from '../../../kernel/arguments.js';
import { LuaFloat, LuaTable, type LuaValue } from '../../../vm/vm.js';
import { type Peripheral, type PeripheralEnv, PeripheralError, type PeripheralType } from '../types.js';

/** Channels one modem may have open at once (as CC). */
export const MAX_OPEN = 128;
const MAX_CHANNEL = 65535;
/** How deep a payload's tables may nest. */
const MAX_DEPTH = 64;

function channel(a: Args, i: number): number {
  const c = a.integer(i);
  if (c < 0 || c > MAX_CHANNEL) a.fail(i, 'Expected number in range 0-65535');
  return c;
}

/** A payload as the receiver gets it: its own copy (tables copied, shared ones once; cycles kept). */
function copy(v: LuaValue, a: Args, seen = new Map<LuaTable, LuaTable>(), depth = 0): LuaValue {
  return v instanceof LuaTable ? copyTable(v, a, seen, depth) : v;
}

function copyTable(v: LuaTable, a: Args, seen: Map<LuaTable, LuaTable>, depth: number): LuaTable {
  const done = seen.get(v);
  if (done) return done;
  if (depth > MAX_DEPTH) return a.fail(4, `message nests tables more than ${MAX_DEPTH} deep`);
  const t = new LuaTable();
  seen.set(v, t);
  for (const [k, x] of v.entries) t.set(k instanceof LuaTable ? copyTable(k, a, seen, depth + 1) : k, copy(x, a, seen, depth + 1));
  return t;
}

/** A distance as Lua sees it: a float (nil for wired modems). */
function blocks(distance: number | null): LuaValue {
  return distance === null ? null : new LuaFloat(distance);
}

function modemType(name: string, wireless: boolean): PeripheralType {
  return {
    name,
    create(env: PeripheralEnv): Peripheral {
      const open = new Set<number>();
      const end = {
        computer: env.computer,
        wireless,
        isOpen: (c: number) => open.has(c),
        receive: (c: number, reply: number, message: LuaValue, distance: number | null) =>
          env.emit('modem_message', { side: env.name, channel: c, replyChannel: reply, message, distance: blocks(distance) }, [
            env.name,
            c,
            reply,
            message,
            blocks(distance),
          ]),
      };
      env.world.join(end);
      return {
        type: 'modem',
        detach: () => env.world.leave(end),
        methods: {
          open: (a) => {
            const c = channel(a, 1);
            if (!open.has(c) && open.size >= MAX_OPEN) throw new PeripheralError('Too many open channels');
            open.add(c);
            return [];
          },
          isOpen: (a) => [open.has(channel(a, 1))],
          close: (a) => {
            open.delete(channel(a, 1));
            return [];
          },
          closeAll: () => {
            open.clear();
            return [];
          },
          transmit: (a) => {
            const [c, reply] = [channel(a, 1), channel(a, 2)];
            env.world.transmit(end, c, reply, copy(a.value(3), a));
            return [];
          },
          isWireless: () => [wireless],
        },
      };
    },
  };
}

export const wirelessModem = modemType('modem', true);
export const wiredModem = modemType('wired_modem', false);
