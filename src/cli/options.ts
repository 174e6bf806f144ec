// Parsing and checking of `thox` option values (sizes, counts, choices), with errors that say
// which flag was wrong and what it accepts. Commander calls these as option parsers.
import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3 };

/** "64M", "512K", "1G", "1048576", "0" (no limit) → bytes. */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?B?)$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected a size such as 64M, 512K or 1G, got '${value}'`);
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2].toUpperCase()]);
  if (bytes === 0 && Number(m[1]) !== 0) throw new InvalidArgumentError(`'${value}' rounds to 0 bytes; use 0 for no limit`);
  if (bytes !== 0 && bytes < 256 * 1024) throw new InvalidArgumentError(`a memory limit under 256K cannot even start a process (got '${value}'); use 0 for no limit`);
  if (bytes > 2 * 1024 ** 3) throw new InvalidArgumentError(`at most 2G (the VM's whole heap), got '${value}'`);
  return bytes;
}

export function parseInteger(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got ${n}`);
    return n;
  };
}

export function parseSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds greater than 0, got '${value}'`);
  return n;
}

export function parseChoice<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'`);
  };
}
