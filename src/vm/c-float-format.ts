// C's printf conversions of a double (%e %f %g, upper case too, with flags, width and precision), exact as glibc
// writes them: digits of the binary value itself, ties to even. fengari prints its floats with these, as Lua 5.3 does.

/** A double's exact decimal value: digits (no leading zeros; "" for zero) times 10^(point - digits.length). */
interface Decimal {
  negative: boolean;
  digits: string;
  point: number;
}

const view = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of a finite double (every double is m * 2^e, so it has one). */
function exactDecimal(x: number): Decimal {
  view.setFloat64(0, x);
  const negative = view.getUint8(0) >> 7 === 1;
  const high = view.getUint32(0) & 0x7fffffff;
  const biased = high >>> 20;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  if (mantissa === 0n) return { negative, digits: '', point: 0 };
  let digits: string;
  let point: number;
  if (exponent >= 0) {
    digits = (mantissa << BigInt(exponent)).toString();
    point = digits.length;
  } else {
    digits = (mantissa * 5n ** BigInt(-exponent)).toString();
    point = digits.length + exponent;
  }
  return { negative, digits: digits.replace(/0+$/, ''), point };
}

/** The value rounded to `keep` digits from the left of `d.digits` (keep may be <= 0), ties to even: new digits and point. */
function roundDigits(d: Decimal, keep: number): { digits: string; point: number } {
  if (keep >= d.digits.length) return { digits: d.digits, point: d.point };
  if (keep < 0) return { digits: '', point: d.point };
  const head = d.digits.slice(0, keep);
  const first = d.digits.charCodeAt(keep) - 48;
  const rest = d.digits.slice(keep + 1);
  const last = keep > 0 ? d.digits.charCodeAt(keep - 1) - 48 : 0;
  const up = first > 5 || (first === 5 && (/[1-9]/.test(rest) || last % 2 === 1));
  if (!up) return { digits: head.replace(/0+$/, ''), point: d.point };
  const bumped = (BigInt(head || '0') + 1n).toString();
  if (keep === 0 || bumped.length > head.length) return { digits: bumped.replace(/0+$/, ''), point: d.point + 1 };
  return { digits: bumped.replace(/0+$/, ''), point: d.point };
}

/** `count` digits of `digits` starting at index `from` (zeros outside). */
function slice(digits: string, from: number, count: number): string {
  let out = '';
  for (let i = from; i < from + count; i++) out += i >= 0 && i < digits.length ? digits[i] : '0';
  return out;
}

/** %f's digits (no sign): `precision` digits after the point. */
function fixed(d: Decimal, precision: number, alternate: boolean): string {
  const r = roundDigits(d, d.point + precision);
  const whole = r.point > 0 ? slice(r.digits, 0, r.point) : '0';
  const fraction = slice(r.digits, r.point, precision);
  return precision > 0 || alternate ? `${whole}.${fraction}` : whole;
}

/** %e's digits (no sign): one digit, the point, `precision` digits, and the exponent of at least two digits. */
function exponential(d: Decimal, precision: number, alternate: boolean, upper: boolean): string {
  const r = roundDigits(d, precision + 1);
  const exp = r.digits === '' ? 0 : r.point - 1;
  const all = slice(r.digits, 0, precision + 1);
  const mantissa = precision > 0 || alternate ? `${all[0]}.${all.slice(1)}` : all[0];
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${mantissa}${upper ? 'E' : 'e'}${e}`;
}

/** %g's digits (no sign): %e or %f by the exponent, trailing zeros of the fraction removed unless `alternate`. */
function general(d: Decimal, precision: number, alternate: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const r = roundDigits(d, p);
  const exp = r.digits === '' ? 0 : r.point - 1;
  const text = exp < -4 || exp >= p ? exponential(d, p - 1, alternate, upper) : fixed(d, p - 1 - exp, alternate);
  return alternate ? text : trimFraction(text);
}

/** A number's text without the trailing zeros of its fraction (nor a point left alone). */
function trimFraction(text: string): string {
  const [, whole, fraction = '', exponent = ''] = /^(\d+)(?:\.(\d*))?([eE].*)?$/.exec(text) ?? [];
  const kept = fraction.replace(/0+$/, '');
  return `${whole}${kept ? `.${kept}` : ''}${exponent}`;
}

export interface FloatSpec {
  /** Any of "-+ #0". */
  flags: string;
  width: number;
  /** null: the default (6). */
  precision: number | null;
  /** One of e E f F g G. */
  conversion: string;
}

/** One conversion of a double as C's printf writes it. */
export function formatFloat(spec: FloatSpec, x: number): string {
  const { flags, conversion } = spec;
  const upper = conversion === conversion.toUpperCase();
  const precision = spec.precision ?? 6;
  const alternate = flags.includes('#');
  const d = Number.isFinite(x) ? exactDecimal(x) : null;
  view.setFloat64(0, x);
  const negative = view.getUint8(0) >> 7 === 1;
  let body: string;
  if (d === null) body = Number.isNaN(x) ? 'nan' : 'inf';
  else if (conversion === 'f' || conversion === 'F') body = fixed(d, precision, alternate);
  else if (conversion === 'e' || conversion === 'E') body = exponential(d, precision, alternate, upper);
  else body = general(d, precision, alternate, upper);
  if (upper) body = body.toUpperCase();
  const sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const pad = spec.width - sign.length - body.length;
  if (pad <= 0) return sign + body;
  if (flags.includes('-')) return sign + body + ' '.repeat(pad);
  if (flags.includes('0') && d !== null) return sign + '0'.repeat(pad) + body;
  return ' '.repeat(pad) + sign + body;
}

/** A printf format of one float conversion ("%5.1f", "%.14g") applied to x; null when it is not one. */
export function formatFloatDirective(format: string, x: number): string | null {
  const m = /^%([-+ #0]*)(\d*)(?:\.(\d*))?([eEfFgG])$/.exec(format);
  if (!m) return null;
  return formatFloat({ flags: m[1], width: m[2] ? Number(m[2]) : 0, precision: m[3] === undefined ? null : Number(m[3] || 0), conversion: m[4] }, x);
}

/** Lua's tostring of a float: "%.14g" ("inf", "-nan" as C writes them); the caller adds ".0" to what looks integral. */
export function floatText(x: number): string {
  return formatFloat({ flags: '', width: 0, precision: 14, conversion: 'g' }, x);
}
