// Parsing and checking of `thox` option values (sizes, counts, seconds, paths), with errors that say
// which flag was wrong, what it accepts, and what the user typed. Commander calls these as option parsers.
import { InvalidArgumentError, Option } from 'commander';
import { MAX_LABEL } from '../contexts/computer.js';
import { PERIPHERAL_TYPES } from '../devices/peripherals/registry.js';
import { DEFAULT_LIMITS, LIMIT_NAMES, type Limits } from '../kernel/limits.js';
import { sizeRefusal } from '../devices/terminal.js';

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3 };

/** "64M", "512K", "1G", "1048576" → bytes, and the number as typed. */
function sizeInBytes(value: string): { bytes: number; typed: number } {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?B?)$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected a size such as 64M, 512K or 1G, got '${value}'`);
  return { bytes: Math.floor(Number(m[1]) * UNITS[m[2].toUpperCase()]), typed: Number(m[1]) };
}

/** "64M", "512K", "1G", "1048576", "0" (no limit) → bytes. */
export function parseSize(value: string): number {
  const { bytes, typed } = sizeInBytes(value);
  if (bytes === 0 && typed !== 0) throw new InvalidArgumentError(`'${value}' rounds to 0 bytes; use 0 for no limit`);
  if (bytes !== 0 && bytes < 256 * 1024)
    throw new InvalidArgumentError(`a memory limit under 256K cannot even start a process (got '${value}'); use 0 for no limit`);
  if (bytes > 2 * 1024 ** 3) throw new InvalidArgumentError(`at most 2G (the VM's whole heap), got '${value}'`);
  return bytes;
}

/** A whole number within [min, max] (both safe integers), written in decimal digits. */
export function parseInteger(min: number, max: number) {
  return (value: string): number => {
    if (!/^\s*-?\d+\s*$/.test(value)) throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got '${value.trim()}'`);
    return n;
  };
}

/** `--limit NAME=N`, repeatable: the kernel limits given so far with this one over them. */
export function parseLimit(value: string, previous: Partial<Limits> = {}): Partial<Limits> {
  const m = /^\s*(\w+)\s*=\s*(\d+)\s*$/.exec(value);
  const name = LIMIT_NAMES.find((n) => n === m?.[1]);
  if (!m || !name) throw new InvalidArgumentError(`expected NAME=N with NAME one of ${LIMIT_NAMES.join(', ')}, got '${value}'`);
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`limit '${name}' must be a whole number of at least 1, got '${m[2]}'`);
  return { ...previous, [name]: n };
}

/** `--limit NAME=N` as the help shows it: every limit with its default. */
export function limitOption(): Option {
  const defaults = LIMIT_NAMES.map((n) => `${n}=${DEFAULT_LIMITS[n]}`).join(', ');
  return new Option('--limit <name=n>', `raise or lower a kernel limit, repeatable (defaults: ${defaults}; see docs/architecture.md)`).argParser(parseLimit);
}

/** A duration as typed (kept for messages) and its value. */
export interface Seconds {
  seconds: number;
  text: string;
}

/** A decimal number of seconds greater than 0 (`1`, `0.5`, `.25`). */
export function parseSeconds(value: string): Seconds {
  const text = value.trim();
  const seconds = Number(text);
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text) || !(seconds > 0) || !Number.isFinite(seconds)) {
    throw new InvalidArgumentError(`expected a number of seconds greater than 0 such as 5 or 0.5, got '${value}'`);
  }
  return { seconds, text };
}

/** A path that is not empty (an empty one would silently mean the current folder or nothing). */
export function parsePath(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a path, got an empty one');
  return value;
}

/** `--store <dir>`, the same for `thox run` and every `thox store` command. */
export function storeOption(): Option {
  return new Option('--store <dir>', 'the user store directory (default: $THOX_STORE, else $XDG_DATA_HOME/thox, else ~/.local/share/thox)').argParser(
    parsePath,
  );
}

/** A terminal size in cells. */
export interface TermSize {
  width: number;
  height: number;
}

/** `--term-size WxH` (`51x19`). */
export function parseTermSize(value: string): TermSize {
  const m = /^\s*(\d+)\s*[xX]\s*(\d+)\s*$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected WIDTHxHEIGHT in cells such as 51x19, got '${value}'`);
  const [width, height] = [Number(m[1]), Number(m[2])];
  const refusal = sizeRefusal(width, height);
  if (refusal) throw new InvalidArgumentError(refusal);
  return { width, height };
}

/** `--disk-size`: a system's file system capacity, from 4K to 1G. */
export function parseDiskSize(value: string): number {
  const { bytes } = sizeInBytes(value);
  if (bytes < 4096 || bytes > 1024 ** 3) throw new InvalidArgumentError(`expected a disk size from 4K to 1G, got '${value}'`);
  return bytes;
}

/** A host folder to mount: `PATH=HOSTDIR` (the virtual path, then the host folder). */
export interface MountSpec {
  path: string;
  hostDir: string;
}

/** `--mount PATH=HOSTDIR` and `--mount-ro PATH=HOSTDIR`, repeatable: the mounts given so far and this one. */
export function parseMount(value: string, previous: MountSpec[] = []): MountSpec[] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new InvalidArgumentError(`expected PATH=HOSTDIR such as disk=./files, got '${value}'`);
  return [...previous, { path: value.slice(0, eq), hostDir: value.slice(eq + 1) }];
}

/** `--env NAME=VALUE`, repeatable: the first process's environment (os.getenv) so far, with this variable set. */
export function parseEnv(value: string, previous: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected NAME=VALUE such as PATH=/bin, got '${value}'`);
  return new Map(previous).set(value.slice(0, eq), value.slice(eq + 1));
}

/** `--peripheral SIDE=TYPE`, repeatable: the peripherals given so far and this one (the type must be known). */
export function parsePeripheral(value: string, previous: Array<[string, string]> = []): Array<[string, string]> {
  const eq = value.indexOf('=');
  const [side, type] = [value.slice(0, eq), value.slice(eq + 1)];
  if (eq <= 0 || !PERIPHERAL_TYPES.has(type)) {
    throw new InvalidArgumentError(`expected SIDE=TYPE such as top=modem, TYPE one of ${[...PERIPHERAL_TYPES.keys()].join(', ')}; got '${value}'`);
  }
  if (previous.some(([s]) => s === side)) throw new InvalidArgumentError(`'${side}' has a peripheral already`);
  return [...previous, [side, type]];
}

/** `--label NAME`, repeatable: the labels of computers 0, 1, ... in order (at most 32 characters each). */
export function parseLabel(value: string, previous: string[] = []): string[] {
  if (value === '' || value.length > MAX_LABEL) throw new InvalidArgumentError(`a label is 1 to ${MAX_LABEL} characters, got '${value}'`);
  return [...previous, value];
}
