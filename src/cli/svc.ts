// `thox svc list|status|start|stop|restart|reset|logs` and `thox ps`: clients of a running system's control
// socket (thox boot with the same store), printing tables for people or JSON (--json) for scripts.
import { connect } from 'node:net';
import type { Command } from 'commander';
import { Option } from 'commander';
import { storeDirectory } from '../store/index.js';
import { MessageReader, socketPath, type Method } from './control-protocol.js';
import { CliError, EXIT } from './errors.js';
import { parseInteger, storeOption } from './options.js';

interface ClientOptions {
  store?: string;
  json: boolean;
}

interface LogLine {
  service: string;
  stream: string;
  text: string;
}

/** Sends one request; resolves with its result. `onLog` keeps the connection open for the log lines that follow. */
export function request(storeDir: string, method: Method, params: Record<string, unknown>, onLog?: (line: LogLine) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath(storeDir));
    socket.setEncoding('utf8');
    const reader = new MessageReader(
      (text) => {
        const message = JSON.parse(text);
        if (message.method === 'log' && onLog) return onLog(message.params);
        if (message.error) reject(new CliError(message.error.message, EXIT.error));
        else resolve(message.result);
        if (!onLog || message.error) socket.end();
      },
      () => reject(new CliError('answer too large', EXIT.error)),
    );
    socket.on('connect', () => socket.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })}\n`));
    socket.on('data', (chunk: string) => reader.feed(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') {
        reject(new CliError(`no system is running on the store ${storeDir} (start one with: thox boot --store ${storeDir})`, EXIT.error));
      } else reject(new CliError(`cannot reach the system on the store ${storeDir}: ${e.code ?? e.message}`, EXIT.error));
    });
  });
}

/** Columns padded to their widest cell. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

type ServiceRow = { name: string; type: string; target: string; state: string; pid: number | null };

function serviceTable(services: ServiceRow[]): string {
  return table([['NAME', 'TYPE', 'TARGET', 'STATE', 'PID'], ...services.map((s) => [s.name, s.type, s.target, s.state, s.pid === null ? '-' : String(s.pid)])]);
}

function print(result: unknown, opts: ClientOptions, human: (r: never) => string): void {
  process.stdout.write(`${opts.json ? JSON.stringify(result, null, 2) : human(result as never)}\n`);
}

function common(command: Command): Command {
  return command.addOption(storeOption()).addOption(new Option('--json', 'print JSON for scripts').default(false));
}

export function addSvcCommands(program: Command): void {
  const svc = program.command('svc').description('control the services of a running system (started with thox boot on the same store)');
  common(svc.command('list').description('every service: type, target, state, pid')).action(async (opts: ClientOptions) => {
    print(await request(storeDirectory(opts.store), 'list', {}), opts, serviceTable);
  });
  common(svc.command('status').description("a service's state and its last log lines").argument('<name>')).action(async (name: string, opts: ClientOptions) => {
    print(await request(storeDirectory(opts.store), 'status', { name }), opts, (s: ServiceRow & { log: LogLine[] }) =>
      [serviceTable([s]), ...s.log.map((l) => `  ${l.text}`)].join('\n'),
    );
  });
  for (const [method, what] of [
    ['start', 'want a service up (with what it requires)'],
    ['stop', 'stop a service (and what requires it); returns when its process is gone'],
    ['restart', 'stop a service and start it again; returns when the old process is gone'],
    ['reset', 'forget its failures (start limit, backoff); a failed service can start again'],
  ] as const) {
    common(svc.command(method).description(what).argument('<name>')).action(async (name: string, opts: ClientOptions) => {
      print(await request(storeDirectory(opts.store), method, { name }), opts, (s: ServiceRow) => serviceTable([s]));
    });
  }
  common(svc.command('reload').description('read the definitions again: restart the changed services, start the added ones, stop the removed ones')).action(
    async (opts: ClientOptions) => {
      print(await request(storeDirectory(opts.store), 'reload', {}), opts, (r: { added: string[]; changed: string[]; removed: string[]; errors: string[] }) =>
        [...(['added', 'changed', 'removed'] as const).map((k) => `${k}: ${r[k].length === 0 ? '-' : r[k].join(', ')}`), ...r.errors].join('\n'),
      );
    },
  );
  common(svc.command('logs').description("a service's log (without a name: the system log)").argument('[name]'))
    .option('-f, --follow', 'go on printing new lines until interrupted', false)
    .option('-n, --lines <n>', 'the newest N lines', parseInteger(0, 1_000_000))
    .action(async (name: string | undefined, opts: ClientOptions & { follow: boolean; lines?: number }) => {
      const show = (l: LogLine): void => void process.stdout.write(opts.json ? `${JSON.stringify(l)}\n` : `${l.service}: ${l.text}\n`);
      const early: LogLine[] = []; // followed lines that came before the snapshot was printed
      let follow = (l: LogLine): void => void early.push(l);
      const params = { ...(name === undefined ? {} : { name }), ...(opts.lines === undefined ? {} : { lines: opts.lines }), follow: opts.follow };
      const lines = await request(storeDirectory(opts.store), 'logs', params, opts.follow ? (l) => follow(l) : undefined);
      for (const l of [...(lines as LogLine[]), ...early]) show(l);
      follow = show;
      if (opts.follow) await new Promise(() => {}); // until interrupted
    });
  common(program.command('ps').description('the processes of a running system (started with thox boot on the same store)')).action(
    async (opts: ClientOptions) => {
      print(await request(storeDirectory(opts.store), 'ps', {}), opts, (rows: Array<{ pid: number; ppid: number; name: string; service: string | null }>) =>
        table([['PID', 'PPID', 'NAME', 'SERVICE'], ...rows.map((p) => [String(p.pid), String(p.ppid), p.name, p.service ?? '-'])]),
      );
    },
  );
}
