// Service definitions: the fields a `services/NAME.svc` entry may hold, their defaults, and the validator,
// whose errors name the file and the field. Times are in seconds, as os.sleep takes them.
import { parseLuaData, LuaDataError, type LuaData, type LuaDataTable } from './lua-data.js';

export const SERVICE_TYPES = ['simple', 'notify', 'bind', 'oneshot'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const RESTART_POLICIES = ['no', 'on-failure', 'always'] as const;
export type RestartPolicy = (typeof RESTART_POLICIES)[number];

/** Exponential backoff between restarts: initial × factor^n, at most cap; back to initial after `reset` seconds ready. */
export interface Backoff {
  initial: number;
  factor: number;
  cap: number;
  reset: number;
}

/** More than `burst` starts within `interval` seconds: the service fails (start-limit-hit). */
export interface StartLimit {
  burst: number;
  interval: number;
}

/**
 * A check run every `period` seconds: the program `program`, or the call `call` made on the service's context
 * (exactly one of the two); `threshold` failures in a row (exit not 0 or an answer not OK, or past `timeout`)
 * restart the service.
 */
export interface HealthCheck {
  program: string | null;
  call: string | null;
  args: string[];
  period: number;
  timeout: number;
  threshold: number;
}

export interface ServiceDefinition {
  name: string;
  /** Where it was read from (`services/NAME.svc`), for messages. */
  file: string;
  program: string;
  runtime: string;
  args: string[];
  type: ServiceType;
  /** For type 'bind': the call names it binds on its service context; ready when all are bound. */
  binds: string[];
  requires: string[];
  after: string[];
  wants: string[];
  restart: RestartPolicy;
  backoff: Backoff;
  start_limit: StartLimit;
  health: HealthCheck | null;
  /** notify and bind: seconds to become ready before being killed (0: no limit). */
  start_timeout: number;
  stop_timeout: number;
  log_lines: number;
  targets: string[];
}

export const DEFAULT_BACKOFF: Backoff = { initial: 0.5, factor: 2, cap: 30, reset: 30 };
export const DEFAULT_START_LIMIT: StartLimit = { burst: 5, interval: 10 };
const DEFAULT_HEALTH = { period: 10, timeout: 3, threshold: 3 };
export const DEFAULT_START_TIMEOUT = 30;
export const DEFAULT_STOP_TIMEOUT = 5;
export const DEFAULT_LOG_LINES = 1000;
export const DEFAULT_TARGET = 'default';
/** The suffix of a definition's entry name in the `services` namespace: `kv.svc` defines service `kv`. */
export const DEFINITION_SUFFIX = '.svc';

/** A definition that cannot be used: `services/kv.svc: field 'restart': expected ...`. */
export class DefinitionError extends Error {}

/** Reads one file. Throws DefinitionError naming the file (and the line or field). */
export function parseDefinition(name: string, source: string): ServiceDefinition {
  const file = `services/${name}${DEFINITION_SUFFIX}`;
  let table: LuaDataTable;
  try {
    table = parseLuaData(source);
  } catch (e) {
    if (e instanceof LuaDataError) throw new DefinitionError(`${file}:${e.message.replace(/^line /, '')}`);
    throw e;
  }
  return validate(name, file, table);
}

/** The fields of a definition table, checked one by one against their types. */
function validate(name: string, file: string, table: LuaDataTable): ServiceDefinition {
  const f = new Fields(file, '', table);
  if (table.list.length > 0) f.fail('', `expected named fields, got a list of ${table.list.length} values`);
  const type = f.oneOf('type', SERVICE_TYPES, 'simple');
  const def: ServiceDefinition = {
    name,
    file,
    program: f.string('program', null),
    runtime: f.string('runtime', 'native'),
    args: f.strings('args'),
    type,
    binds: f.strings('binds'),
    requires: f.strings('requires'),
    after: f.strings('after'),
    wants: f.strings('wants'),
    restart: f.oneOf('restart', RESTART_POLICIES, 'on-failure'),
    backoff: backoff(f.table('backoff')),
    start_limit: startLimit(f.table('start_limit')),
    health: health(f.table('health')),
    start_timeout: f.seconds('start_timeout', DEFAULT_START_TIMEOUT),
    stop_timeout: f.seconds('stop_timeout', DEFAULT_STOP_TIMEOUT),
    log_lines: f.count('log_lines', DEFAULT_LOG_LINES),
    targets: f.strings('targets', [DEFAULT_TARGET]),
  };
  if (type === 'bind' && def.binds.length === 0) f.fail('binds', "a 'bind' service must list the call names it binds");
  if (type !== 'bind' && def.binds.length > 0) f.fail('binds', "only a service of type 'bind' binds names");
  if (type !== 'notify' && type !== 'bind' && f.has('start_timeout')) {
    f.fail('start_timeout', `only a 'notify' or 'bind' service waits to be ready (this one is '${type}')`);
  }
  f.noOthers();
  return def;
}

function backoff(f: Fields | null): Backoff {
  if (!f) return { ...DEFAULT_BACKOFF };
  const b = {
    initial: f.seconds('initial', DEFAULT_BACKOFF.initial),
    factor: f.number('factor', DEFAULT_BACKOFF.factor, 1),
    cap: f.seconds('cap', DEFAULT_BACKOFF.cap),
    reset: f.seconds('reset', DEFAULT_BACKOFF.reset),
  };
  f.noOthers();
  return b;
}

function startLimit(f: Fields | null): StartLimit {
  if (!f) return { ...DEFAULT_START_LIMIT };
  const s = { burst: f.count('burst', DEFAULT_START_LIMIT.burst), interval: f.seconds('interval', DEFAULT_START_LIMIT.interval) };
  f.noOthers();
  return s;
}

function health(f: Fields | null): HealthCheck | null {
  if (!f) return null;
  if (f.has('program') === f.has('call')) f.fail('', "give either 'program' (a check program) or 'call' (a call name on the service's context)");
  const h = {
    program: f.has('program') ? f.string('program', null) : null,
    call: f.has('call') ? f.string('call', null) : null,
    args: f.strings('args'),
    period: f.seconds('period', DEFAULT_HEALTH.period),
    timeout: f.seconds('timeout', DEFAULT_HEALTH.timeout),
    threshold: f.count('threshold', DEFAULT_HEALTH.threshold),
  };
  f.noOthers();
  return h;
}

/** Typed reads of a table's fields; every error names the file and the field's path (`backoff.factor`). */
class Fields {
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly prefix: string,
    private readonly data: LuaDataTable,
  ) {}

  fail(field: string, why: string): never {
    const path = field === '' ? this.prefix.replace(/\.$/, '') : this.prefix + field;
    throw new DefinitionError(path ? `${this.file}: field '${path}': ${why}` : `${this.file}: ${why}`);
  }

  /** Whether the table gives the field. */
  has(field: string): boolean {
    return this.data.fields.has(field);
  }

  private get(field: string): LuaData | undefined {
    this.seen.add(field);
    return this.data.fields.get(field);
  }

  /** A string; `fallback` null makes it required. */
  string(field: string, fallback: string | null): string {
    const v = this.get(field);
    if (v === undefined) return fallback ?? this.fail(field, 'missing (a string is required)');
    if (typeof v !== 'string') this.fail(field, `expected a string, got ${typeName(v)}`);
    if (v === '') this.fail(field, 'empty');
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback: T): T {
    const v = this.string(field, fallback);
    const found = allowed.find((a) => a === v);
    return found ?? this.fail(field, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${v}'`);
  }

  strings(field: string, fallback: string[] = []): string[] {
    const v = this.get(field);
    if (v === undefined) return [...fallback];
    if (typeof v !== 'object' || v.fields.size > 0) this.fail(field, `expected a list of strings, got ${typeName(v)}`);
    return v.list.map((item, i) => (typeof item === 'string' ? item : this.fail(`${field}[${i + 1}]`, `expected a string, got ${typeName(item)}`)));
  }

  number(field: string, fallback: number, min: number): number {
    const v = this.get(field);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `expected a number, got ${typeName(v)}`);
    if (v < min) this.fail(field, `expected at least ${min}, got ${v}`);
    return v;
  }

  seconds(field: string, fallback: number): number {
    return this.number(field, fallback, 0);
  }

  count(field: string, fallback: number): number {
    const v = this.number(field, fallback, 1);
    return Number.isInteger(v) ? v : this.fail(field, `expected an integer, got ${v}`);
  }

  table(field: string): Fields | null {
    const v = this.get(field);
    if (v === undefined) return null;
    if (typeof v !== 'object') this.fail(field, `expected a table, got ${typeName(v)}`);
    if (v.list.length > 0) this.fail(field, 'expected named fields, got a list');
    return new Fields(this.file, `${this.prefix}${field}.`, v);
  }

  /** Refuses any field no read asked for (a typo must not pass silently). */
  noOthers(): void {
    for (const key of this.data.fields.keys()) if (!this.seen.has(key)) this.fail(key, 'unknown field');
  }
}

function typeName(v: LuaData): string {
  return typeof v === 'object' ? 'table' : typeof v;
}
