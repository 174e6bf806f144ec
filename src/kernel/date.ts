// os.date for processes: Lua's formats (strftime conversions and "*t") over UTC, which is thox's
// local time zone, so a run formats dates the same on every host and every engine.
import { LuaTable, type LuaValue } from '../vm/vm.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function dayOfYear(d: Date): number {
  const january1 = new Date(0);
  january1.setUTCFullYear(d.getUTCFullYear(), 0, 1); // not Date.UTC, which takes years 0-99 as 1900-1999
  return Math.floor((d.getTime() - january1.getTime()) / 86_400_000) + 1;
}

/** Week of the year, weeks starting on `firstDay` (0 = Sunday for %U, 1 = Monday for %W). */
function weekOfYear(d: Date, firstDay: number): number {
  const yday = dayOfYear(d) - 1;
  const wday = (d.getUTCDay() - firstDay + 7) % 7;
  return Math.floor((yday + 7 - wday) / 7);
}

const CONVERSIONS: Record<string, (d: Date) => string> = {
  a: (d) => DAYS[d.getUTCDay()].slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()],
  b: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()],
  c: (d) => `${CONVERSIONS.a(d)} ${CONVERSIONS.b(d)} ${String(d.getUTCDate()).padStart(2, ' ')} ${CONVERSIONS.X(d)} ${d.getUTCFullYear()}`,
  d: (d) => pad(d.getUTCDate()),
  D: (d) => `${CONVERSIONS.m(d)}/${CONVERSIONS.d(d)}/${CONVERSIONS.y(d)}`,
  e: (d) => String(d.getUTCDate()).padStart(2, ' '),
  F: (d) => `${d.getUTCFullYear()}-${CONVERSIONS.m(d)}-${CONVERSIONS.d(d)}`,
  H: (d) => pad(d.getUTCHours()),
  I: (d) => pad(((d.getUTCHours() + 11) % 12) + 1),
  j: (d) => pad(dayOfYear(d), 3),
  m: (d) => pad(d.getUTCMonth() + 1),
  M: (d) => pad(d.getUTCMinutes()),
  n: () => '\n',
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  S: (d) => pad(d.getUTCSeconds()),
  t: () => '\t',
  T: (d) => CONVERSIONS.X(d),
  u: (d) => String(d.getUTCDay() || 7),
  U: (d) => pad(weekOfYear(d, 0)),
  w: (d) => String(d.getUTCDay()),
  W: (d) => pad(weekOfYear(d, 1)),
  x: (d) => `${CONVERSIONS.m(d)}/${CONVERSIONS.d(d)}/${CONVERSIONS.y(d)}`,
  X: (d) => `${CONVERSIONS.H(d)}:${CONVERSIONS.M(d)}:${CONVERSIONS.S(d)}`,
  y: (d) => pad(d.getUTCFullYear() % 100),
  Y: (d) => String(d.getUTCFullYear()),
  z: () => '+0000',
  Z: () => 'UTC',
  '%': () => '%',
};

export class DateFormatError extends Error {}

/** Formats `seconds` since the epoch as Lua's os.date does (a leading '!' changes nothing: it is all UTC). */
export function formatDate(format: string, seconds: number): LuaValue {
  const spec = format.startsWith('!') ? format.slice(1) : format;
  const d = new Date(Math.floor(seconds) * 1000);
  if (Number.isNaN(d.getTime())) throw new DateFormatError('time out of range');
  if (spec.startsWith('*t')) return dateTable(d);
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] !== '%') {
      out += spec[i];
      continue;
    }
    const conv = CONVERSIONS[spec[++i]];
    if (!conv) throw new DateFormatError(`invalid conversion specifier '%${spec[i] ?? ''}'`);
    out += conv(d);
  }
  return out;
}

function dateTable(d: Date): LuaTable {
  return LuaTable.from({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    wday: d.getUTCDay() + 1,
    yday: dayOfYear(d),
    isdst: false,
  });
}
