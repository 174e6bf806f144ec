// Floats as C's printf writes them (src/vm/c-float-format.ts), and so as Lua prints them on both VMs: tostring's
// "%.14g" and string.format's %e %f %g, compared with values recorded from lua5.4 and, when it is installed, with lua5.4.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { formatFloatDirective } from '../src/vm/c-float-format.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** Whether lua5.4 runs on this host (the property below compares with it; the recorded table does not need it). */
const hasLua = (() => {
  try {
    return execFileSync('lua5.4', ['-v']).length > 0;
  } catch {
    return false;
  }
})();

/** A NaN with its sign bit set or not (C's 0/0 on x86 has it set: "-nan"). */
function nan(negative: boolean): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, negative ? 0xfff80000 : 0x7ff80000);
  return view.getFloat64(0);
}

// [format, value, what lua5.4 (glibc) writes]
const RECORDED: Array<[string, number, string]> = [
  ['%.14g', nan(true), '-nan'],
  ['%.14g', nan(false), 'nan'],
  ['%.14g', Number.POSITIVE_INFINITY, 'inf'],
  ['%.14g', Number.NEGATIVE_INFINITY, '-inf'],
  ['%.14g', 2 ** 63, '9.2233720368548e+18'],
  ['%.14g', 1e15, '1e+15'],
  ['%.14g', -0, '-0'],
  ['%.14g', 1 / 3, '0.33333333333333'],
  ['%.14g', 2 ** 53, '9.007199254741e+15'],
  ['%.14g', -1e-7, '-1e-07'],
  ['%5.1f', 2.25, '  2.2'],
  ['%.0f', 0.5, '0'],
  ['%.0f', 1.5, '2'],
  ['%.0f', 2.5, '2'],
  ['%.2f', 1.005, '1.00'],
  ['%g', 1e20, '1e+20'],
  ['%g', 100000, '100000'],
  ['%g', 1000000, '1e+06'],
  ['%.3g', 0.00012345, '0.000123'],
  ['%#g', 1, '1.00000'],
  ['%e', 12345.678, '1.234568e+04'],
  ['%+.2e', -1.5, '-1.50e+00'],
  ['%010.3f', -3.14259, '-00003.143'],
  ['%-8g', 2.5, '2.5     '],
  ['% .3f', 2, ' 2.000'],
  ['%G', 1e-10, '1E-10'],
  ['%E', Number.POSITIVE_INFINITY, 'INF'],
  ['%05f', Number.NEGATIVE_INFINITY, ' -inf'],
  ['%.20f', 0.1, '0.10000000000000000555'],
  ['%.17g', 5e-324, '4.9406564584124654e-324'],
  ['%f', 1e22, '10000000000000000000000.000000'],
];

describe('C float formatting', () => {
  it.each(RECORDED)('%s of %d is what lua5.4 writes', (format, value, expected) => {
    expect(formatFloatDirective(format, value)).toBe(expected);
  });

  it.skipIf(!hasLua)('agrees with lua5.4 on random doubles, formats, flags and precisions', () => {
    const spec = fc.record({
      flags: fc.subarray(['-', '+', ' ', '0']).map((f) => f.join('')),
      width: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
      precision: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      conversion: fc.constantFrom('e', 'E', 'f', 'g', 'G'),
    });
    const double = fc.oneof(
      fc.double({ noNaN: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 8),
    );
    const cases = fc.sample(fc.tuple(spec, double), 3000).map(([s, x]) => {
      const format = `%${s.flags}${s.width ?? ''}${s.precision === undefined ? '' : `.${s.precision}`}${s.conversion}`;
      return { format, x };
    });
    const view = new DataView(new ArrayBuffer(8));
    const input = cases
      .map(({ format, x }) => {
        view.setFloat64(0, x);
        return `${view.getUint32(0)} ${view.getUint32(4)} ${format}`;
      })
      .join('\n');
    const lua = `for line in io.lines() do
      local h, l, f = line:match('^(%d+) (%d+) (.*)$')
      print((string.format(f, string.unpack('>d', string.pack('>I4I4', tonumber(h), tonumber(l))))))
    end`;
    const expected = execFileSync('lua5.4', ['-e', lua], { input: `${input}\n` })
      .toString()
      .split('\n');
    const differing = cases.filter(({ format, x }, i) => formatFloatDirective(format, x) !== expected[i]);
    expect(differing).toEqual([]);
  });
});

describe.each(VM_NAMES)('floats printed by Lua on %s', (vm) => {
  it('print, tostring, .. and string.format write what lua5.4 writes', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `print(0/0, -(0/0), math.huge, -math.huge, 2^63, 1e15, -0.0, 5//0.0, 1/3, 100.0, 2^53)
        print(string.format('%5.1f|%g|%.14g|%e|%.3g|%#g|%+.2e|%010.3f|%-8g|%G', 2.25, 1e20, 0.1, 12345.678, 0.00012345, 1.0, -1.5, -3.14159, 2.5, 1e-10))
        print(1e15 .. '', 1e100, 123456789012.5, -1e-7, string.format('%s %a', 1e15, 1))`,
      },
    });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(
      '-nan\tnan\tinf\t-inf\t9.2233720368548e+18\t1e+15\t-0.0\tinf\t0.33333333333333\t100.0\t9.007199254741e+15\n' +
        '  2.2|1e+20|0.1|1.234568e+04|0.000123|1.00000|-1.50e+00|-00003.142|2.5     |1E-10\n' +
        '1e+15\t1e+100\t123456789012.5\t-1e-07\t1e+15 0x1p+0\n',
    );
  });

  it("os.time of a table out of range is an error in Lua's words", async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `print(pcall(os.time, {year = 1e10, month = 1, day = 1}))
        print(pcall(os.time, {year = 2000, month = 1e10, day = 1}))
        print(pcall(os.time, {year = 2^53, month = 1, day = 1}))
        print(pcall(os.time, {year = 2000, month = 1, day = 1, hour = 2^40}))
        print(pcall(os.time, {year = 2000, month = 1.5, day = 1}))
        print(pcall(os.time, {year = math.huge, month = 1, day = 1}))
        print(pcall(os.time, {year = 2000, day = 1}))
        print(pcall(os.date, '%Y', 2^60))`,
      },
    });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(
      [
        "false\tfield 'year' is out-of-bound",
        "false\tfield 'month' is out-of-bound",
        "false\tfield 'year' is out-of-bound",
        "false\tfield 'hour' is out-of-bound",
        "false\tfield 'month' is not an integer",
        "false\tfield 'year' is not an integer",
        "false\tfield 'month' missing in date table",
        'false\tdate result cannot be represented in this installation',
        '',
      ].join('\n'),
    );
  });
});
