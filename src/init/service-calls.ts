// The `service` native context init serves on the root context: what a service tells init (ready, its own
// context), what any process asks it (find, status, list) and the commands (start, stop, restart, reset, reload).
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { LuaTable } from '../vm/vm.js';
import { describeState, statePid } from './states.js';
import type { Configuration } from './graph.js';
import { ServiceError, type Service, type Supervisor } from './supervisor.js';

/** A service as service.status and service.list describe it. */
function describe(s: Service): LuaTable {
  const pid = statePid(s.state);
  return LuaTable.from({ name: s.def.name, type: s.def.type, target: s.target, state: describeState(s.state), ...(pid === null ? {} : { pid }) });
}

/** Runs a command on the service named by the call's first argument; init's refusal becomes the call's error. */
function commandCall(init: Supervisor, name: string, run: (s: Service, reply: (s: Service) => void) => void): NativeCall {
  return (_k, _caller, args, reply) => {
    const service = new Args(`service.${name}`, args).string(1);
    try {
      run(init.get(service), (s) => reply(STATUS.OK, [describe(s)]));
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      reply(STATUS.ERROR, [e.message]);
    }
  };
}

/** The calls; `configuration` reads the definitions again (for reload). */
export function serviceCalls(init: Supervisor, configuration: () => Configuration): Record<string, NativeCall> {
  /** stop and restart answer once the old process is really gone (a restart's new one is started by then). */
  const stopping = (command: 'stop' | 'restart') =>
    commandCall(init, command, (s, answer) => {
      const old = statePid(s.state);
      init.command(s.def.name, command);
      init.whenGone(s, old, () => answer(s));
    });
  return {
    start: commandCall(init, 'start', (s, answer) => {
      init.command(s.def.name, 'start');
      answer(s);
    }),
    stop: stopping('stop'),
    restart: stopping('restart'),
    reset: commandCall(init, 'reset', (s, answer) => {
      init.reset(s.def.name);
      answer(s);
    }),
    reload: (_k, _caller, _args, reply) => {
      const config = configuration();
      const done = init.reload(config);
      reply(STATUS.OK, [
        LuaTable.from({
          added: LuaTable.list(done.added),
          changed: LuaTable.list(done.changed),
          removed: LuaTable.list(done.removed),
          errors: LuaTable.list(config.errors),
        }),
      ]);
    },
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
