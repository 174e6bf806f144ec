// The craftos libraries' test harness (libraries B): runs a CraftOS program under the craftos runtime in a
// simulation; its `print` is captured in a report file (the terminal stays the program's to draw on).
import { expect } from 'vitest';
import { memoryFileSystem } from '../src/devices/fs-setup.js';
import type { Terminal } from '../src/devices/terminal.js';
import { type Simulation, simulate } from '../src/testing.js';
import type { VmName } from '../src/vm/vm.js';

/** Runs the program with `print` collecting tab-joined lines, then writes them (and an error) to /report.txt. */
function wrap(program: string): string {
  return `
local lines = {}
local function report(...)
  local parts = {}
  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end
  lines[#lines + 1] = table.concat(parts, '\\t')
end
local env = setmetatable({ print = report }, { __index = _ENV })
local ok, err = pcall(assert(load(${JSON.stringify(program)}, '=main', 't', env)))
if not ok then lines[#lines + 1] = 'ERROR ' .. tostring(err) end
local file = fs.open('/report.txt', 'w')
file.write(table.concat(lines, '\\n') .. '\\n')
file.close()
`;
}

export interface CraftosRun {
  /** What the program printed, one line each (an error it raised last, as `ERROR message`). */
  out: string;
  terminal: Terminal;
  sim: Simulation;
}

/** Runs `program` (CraftOS Lua) on `vm` to its end, with the given peripherals attached. */
export async function runCraftos(
  vm: VmName,
  program: string,
  options: { peripherals?: Record<string, string>; setup?: (sim: Simulation) => void } = {},
): Promise<CraftosRun> {
  const filesystem = memoryFileSystem();
  const sim = await simulate({ vm, filesystem, programs: { main: wrap(program) }, peripherals: options.peripherals });
  options.setup?.(sim);
  const p = sim.spawn('main', [], 'craftos');
  sim.run({ until: () => p.exit !== null });
  expect(sim.output.stderr).toBe('');
  const out = filesystem.exists('report.txt') ? filesystem.readFile(['report.txt']) : '(no report)';
  return { out, terminal: sim.terminal, sim };
}
