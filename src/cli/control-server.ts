// The control socket's server side in `thox boot`: each JSON-RPC request becomes a command to init (stop and
// restart answer once the old process is really gone), a snapshot, or a follow of the logs; bad requests get errors.
import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Kernel } from '../kernel/kernel.js';
import type { Configuration } from '../init/graph.js';
import type { LogEntry } from '../init/log-ring.js';
import { describeState, statePid } from '../init/states.js';
import { ServiceError, type Service, type Supervisor } from '../init/supervisor.js';
import { MessageReader, RPC_ERRORS, runtimeDirectory, socketPath, type Request } from './control-protocol.js';

type Reply = (result: unknown) => void;

/** A request init cannot serve: its JSON-RPC error code and message. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function describeService(s: Service): Record<string, unknown> {
  return {
    name: s.def.name,
    type: s.def.type,
    target: s.target,
    state: describeState(s.state),
    pid: statePid(s.state),
    requires: s.def.requires,
    after: s.def.after,
    restart: s.def.restart,
  };
}

export class ControlServer {
  private readonly server: Server;

  constructor(
    private readonly init: Supervisor,
    private readonly kernel: Kernel,
    private readonly storeDir: string,
    /** Reads the configuration again (for reload). */
    private readonly configuration: () => Configuration,
    /** Runs the system again after a command changed it. */
    private readonly changed: () => void,
  ) {
    this.server = createServer((socket) => this.serve(socket));
  }

  /** Listens on the socket, in a 0700 runtime folder, with the socket itself 0600. */
  async listen(): Promise<void> {
    const dir = runtimeDirectory(this.storeDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const umask = process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(socketPath(this.storeDir), resolve);
      });
    } finally {
      process.umask(umask);
    }
    chmodSync(socketPath(this.storeDir), 0o600);
  }

  close(): void {
    this.server.close();
    try {
      unlinkSync(socketPath(this.storeDir));
    } catch {
      // already gone
    }
  }

  private serve(socket: Socket): void {
    socket.setEncoding('utf8');
    const stops: Array<() => void> = [];
    const send = (message: Record<string, unknown>) => socket.writable && socket.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    const reader = new MessageReader(
      (text) => this.handle(text, send, stops),
      () => send({ id: null, error: { code: RPC_ERRORS.invalidRequest, message: 'request too large (more than 1 MiB)' } }),
    );
    socket.on('data', (chunk: string) => reader.feed(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      for (const stop of stops) stop();
    });
  }

  private handle(text: string, send: (m: Record<string, unknown>) => void, stops: Array<() => void>): void {
    let request: Request;
    try {
      request = JSON.parse(text);
    } catch {
      return void send({ id: null, error: { code: RPC_ERRORS.parse, message: 'not JSON' } });
    }
    if (typeof request !== 'object' || request === null || typeof request.method !== 'string') {
      return void send({ id: null, error: { code: RPC_ERRORS.invalidRequest, message: 'expected {"jsonrpc": "2.0", "id": ..., "method": ...}' } });
    }
    const id = request.id ?? null;
    const reply: Reply = (result) => send({ id, result });
    try {
      this.call(request.method, request.params ?? {}, reply, (entry) => send({ method: 'log', params: entry }), stops);
    } catch (e) {
      if (e instanceof RpcError) return void send({ id, error: { code: e.code, message: e.message } });
      if (e instanceof ServiceError) return void send({ id, error: { code: RPC_ERRORS.refused, message: e.message } });
      throw e;
    }
    this.changed();
  }

  private call(method: string, params: Record<string, unknown>, reply: Reply, push: (e: LogEntry) => void, stops: Array<() => void>): void {
    const init = this.init;
    switch (method) {
      case 'system':
        return reply({ pid: process.pid, store: this.storeDir, services: init.services.size });
      case 'list':
        return reply([...init.services.values()].map(describeService));
      case 'status':
        return reply({ ...describeService(init.get(name(params))), log: init.get(name(params)).log.snapshot(10) });
      case 'start':
        init.command(name(params), 'start');
        return reply(describeService(init.get(name(params))));
      case 'reset':
        init.reset(name(params));
        return reply(describeService(init.get(name(params))));
      case 'stop':
      case 'restart': {
        const s = init.get(name(params));
        const old = statePid(s.state);
        init.command(s.def.name, method);
        return void stops.push(init.whenGone(s, old, () => reply(describeService(s))));
      }
      case 'reload': {
        const config = this.configuration();
        return reply({ ...init.reload(config), errors: config.errors });
      }
      case 'logs':
        return this.logs(params, reply, push, stops);
      case 'ps':
        return reply(this.kernel.processes.live().map((p) => ({ pid: p.pid, ppid: p.ppid, name: p.name, service: init.serviceOf(p.pid)?.def.name ?? null })));
      default:
        throw new RpcError(RPC_ERRORS.methodNotFound, `no such method: ${method}`);
    }
  }

  private logs(params: Record<string, unknown>, reply: Reply, push: (e: LogEntry) => void, stops: Array<() => void>): void {
    const ring = params.name === undefined ? this.init.systemLog : this.init.get(name(params)).log;
    const lines = params.lines === undefined ? undefined : params.lines;
    if (lines !== undefined && (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 0)) {
      throw new RpcError(RPC_ERRORS.invalidParams, "'lines' must be a whole number of at least 0");
    }
    reply(ring.snapshot(lines));
    if (params.follow === true) stops.push(ring.follow(push));
  }
}

/** The `name` parameter, a string. */
function name(params: Record<string, unknown>): string {
  if (typeof params.name !== 'string') throw new RpcError(RPC_ERRORS.invalidParams, "'name' must be a service name (a string)");
  return params.name;
}
