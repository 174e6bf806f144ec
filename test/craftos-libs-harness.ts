// The craftos libraries' test harness: runs a CraftOS program under `simulate` with the ROM's APIs loaded (each
// rom/apis file in its own environment, as os.loadAPI does) and `require` over rom/modules/main; shared by the tests.
import { expect } from 'vitest';
import { simulate } from '../src/testing.js';
import type { Terminal } from '../src/devices/terminal.js';
import type { VmName } from '../src/vm/vm.js';

/** A small loader over the native runtime: CraftOS's globals the libraries need, then the program. */
const LOADER = `
local nfs, nterm = require('fs'), require('term')
local P = os.rpc(0).peripheral
local native_os, native_load = os, load

local function source(path)
  local file, why = nfs.open(path, 'r')
  if not file then error(why, 3) end
  local text = file:readAll()
  file:close()
  return text
end

local G = {}
for k, v in pairs(_ENV) do G[k] = v end
G._G = G
G.term = nterm
local function handle(file)
  return {
    readAll = function() return file:readAll() end,
    readLine = function() return file:readLine() end,
    write = function(text) return file:write(text) end,
    close = function() return file:close() end,
  }
end
G.fs = {
  exists = nfs.exists, isDir = nfs.isDir, list = nfs.list, combine = nfs.combine,
  open = function(path, mode)
    local file, why = nfs.open(path, mode)
    if not file then return nil, why end
    return handle(file)
  end,
}
G.peripheral = { getNames = P.getNames, getType = P.getType, call = P.call, isPresent = P.isPresent }
G.os = { getComputerID = function() return 0 end, clock = native_os.clock }

local function expect(index, value, ...)
  local t = type(value)
  for i = 1, select('#', ...) do
    if t == select(i, ...) then return value end
  end
  error(('bad argument #%d (%s expected, got %s)'):format(index, table.concat({ ... }, ' or '), t), 3)
end
local stub_expect = { expect = expect }

local function run_file(path, env)
  return assert(native_load(source(path), '@' .. path, 't', env))()
end
local cache = {}
function G.dofile(path)
  if path == 'rom/modules/main/cc/expect.lua' and not nfs.exists('/' .. path) then return stub_expect end
  return run_file('/' .. path, G)
end
function G.require(name)
  if cache[name] == nil then
    if name == 'cc.expect' and not nfs.exists('/rom/modules/main/cc/expect.lua') then
      cache[name] = stub_expect
    else
      cache[name] = run_file('/rom/modules/main/' .. name:gsub('%.', '/') .. '.lua', G)
    end
  end
  return cache[name]
end
for _, file in ipairs(nfs.list('/rom/apis')) do
  local env = setmetatable({}, { __index = G })
  run_file('/rom/apis/' .. file, env)
  local api = {}
  for k, v in pairs(env) do api[k] = v end
  G[(file:gsub('%.lua$', ''))] = api
end
`;

export interface CraftosRun {
  out: string;
  err: string;
  terminal: Terminal;
}

/** Runs `program` (CraftOS Lua) to its end on `vm`, with the given peripherals attached; fails on stderr output. */
export async function runCraftos(
  vm: VmName,
  program: string,
  options: { peripherals?: Record<string, string>; allowErrors?: boolean } = {},
): Promise<CraftosRun> {
  const main = `${LOADER}\nassert(native_load(${JSON.stringify(program)}, '=main', 't', G))()\n`;
  const sim = await simulate({ vm, programs: { main }, peripherals: options.peripherals });
  const p = sim.spawn('main');
  sim.run({ until: () => p.exit !== null });
  if (!options.allowErrors) expect(sim.output.stderr).toBe('');
  return { out: sim.output.stdout, err: sim.output.stderr, terminal: sim.terminal };
}
