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

/** The ISO 8601 week-based year and week of d (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek(d: Date): { year: number; week: number } {
  const thursday = new Date(d.getTime());
  thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  return { year: thursday.getUTCFullYear(), week: Math.floor((dayOfYear(thursday) - 1) / 7) + 1 };
}

/** The conversions; `gmt` is a format's leading '!' (C's gmtime, whose zone is "GMT"; localtime's is thox's, UTC). */
const CONVERSIONS: Record<string, (d: Date, gmt?: boolean) => string> = {
  a: (d) => DAYS[d.getUTCDay()].slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()],
  b: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()],
  C: (d) => pad(Math.floor(d.getUTCFullYear() / 100)),
  g: (d) => pad(isoWeek(d).year % 100),
  G: (d) => String(isoWeek(d).year),
  h: (d) => CONVERSIONS.b(d),
  r: (d) => `${CONVERSIONS.I(d)}:${CONVERSIONS.M(d)}:${CONVERSIONS.S(d)} ${CONVERSIONS.p(d)}`,
  R: (d) => `${CONVERSIONS.H(d)}:${CONVERSIONS.M(d)}`,
  V: (d) => pad(isoWeek(d).week),
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
  Z: (_d, gmt) => (gmt ? 'GMT' : 'UTC'),
  '%': () => '%',
};

/** C99's modified conversions Lua 5.4 accepts (%Ec, %Oy, ...): in the C locale, the same as without E or O. */
const MODIFIED: Record<string, string> = { E: 'cCxXyY', O: 'deHImMSuUVwWy' };

export class DateFormatError extends Error {}
/** A time the calendar cannot show (Lua: `date result cannot be represented in this installation`). */
export class DateRangeError extends Error {}

/** Formats `seconds` since the epoch as Lua's os.date does (a leading '!' changes only %Z: it is all UTC). */
export function formatDate(format: string, seconds: number): LuaValue {
  const spec = format.startsWith('!') ? format.slice(1) : format;
  const d = new Date(Math.floor(seconds) * 1000);
  if (Number.isNaN(d.getTime())) throw new DateRangeError('date result cannot be represented in this installation');
  if (spec.startsWith('*t')) return dateTable(d);
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] !== '%') {
      out += spec[i];
      continue;
    }
    const modifier = MODIFIED[spec[i + 1]] !== undefined && spec[i + 2] !== undefined ? spec[++i] : '';
    const conv = modifier === '' || MODIFIED[modifier].includes(spec[i + 1]) ? CONVERSIONS[spec[++i]] : undefined;
    if (!conv) throw new DateFormatError(`invalid conversion specifier '%${modifier}${spec[modifier === '' ? i : i + 1] ?? ''}'`);
    out += conv(d, spec !== format);
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
