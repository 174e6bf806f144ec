// The `service` native context init serves on the root context: what a service tells init (ready, its own
// context) and what any process asks it (find a service's context by name, a service's status, the list).
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { LuaTable } from '../vm/vm.js';
import { describeState, statePid } from './states.js';
import type { Service, Supervisor } from './supervisor.js';

/** A service as service.status and service.list describe it. */
function describe(s: Service): LuaTable {
  const pid = statePid(s.state);
  return LuaTable.from({ name: s.def.name, type: s.def.type, target: s.target, state: describeState(s.state), ...(pid === null ? {} : { pid }) });
}

export function serviceCalls(init: Supervisor): Record<string, NativeCall> {
  return {
    ready: (_k, caller, _args, reply) => {
      const refused = init.notifyReady(caller.pid);
      reply(refused ? STATUS.ERROR : STATUS.OK, [refused ?? true]);
    },
    context: (_k, caller, _args, reply) => {
      const s = init.serviceOf(caller.pid);
      if (!s) return reply(STATUS.ERROR, [`process ${caller.pid} is not part of a service`]);
      reply(STATUS.OK, [s.context]);
    },
    find: (k, caller, args, reply) => {
      const name = new Args('service.find', args).string(1);
      const s = init.services.get(name);
      if (!s) return reply(STATUS.ERROR, [`no such service: ${name}`]);
      if (s.state.kind !== 'ready') return reply(STATUS.ERROR, [`service '${name}' is not ready: ${describeState(s.state)}`]);
      k.interactions.grant(caller, k.interactions.contexts.get(s.context)!);
      reply(STATUS.OK, [s.context]);
    },
    status: (_k, _caller, args, reply) => {
      const name = new Args('service.status', args).string(1);
      const s = init.services.get(name);
      if (!s) return reply(STATUS.ERROR, [`no such service: ${name}`]);
      reply(STATUS.OK, [describe(s)]);
    },
    list: (_k, _caller, _args, reply) => reply(STATUS.OK, [LuaTable.list([...init.services.values()].map(describe))]),
  };
}
