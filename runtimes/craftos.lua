-- The craftos runtime ("bios"): builds CC: Tweaked's globals and APIs in the process over the native API (docs/craftos.md).
-- It keeps the natives in locals and runs its parts, the store entries runtimes/craftos.PART, which return the runner.

local G = _ENV
local native = os
local n_call, n_pull, n_queue, n_exit, n_getenv, n_watchdog =
  native.call, native.pull, native.queue, native.exit, native.getenv, native.watchdog
local n_date = native.date
local type, select, error, pcall, tostring, tonumber, setmetatable, getmetatable, rawget, rawequal, next, pairs, ipairs, load =
  type, select, error, pcall, tostring, tonumber, setmetatable, getmetatable, rawget, rawequal, next, pairs, ipairs, load
local unpack, concat, floor, huge, mtype = table.unpack, table.concat, math.floor, math.huge, math.type
local s_format, s_gsub, s_match, s_sub, s_find, s_rep, s_gmatch =
  string.format, string.gsub, string.match, string.sub, string.find, string.rep, string.gmatch
local co_create, co_resume, co_status, co_yield, co_running =
  coroutine.create, coroutine.resume, coroutine.status, coroutine.yield, coroutine.running

--- What the parts share, lent to each as its argument: the natives and library functions as they were before any
--- part replaced them, and what each part gives the later ones (`bios.invoke`, `bios.os`...). A local: programs never
--- see it.
local bios = {
  G = G, native = native, n_call = n_call, n_pull = n_pull, n_queue = n_queue, n_exit = n_exit, n_getenv = n_getenv,
  n_watchdog = n_watchdog, n_date = n_date, type = type, select = select, error = error, pcall = pcall,
  tostring = tostring, tonumber = tonumber, setmetatable = setmetatable, getmetatable = getmetatable,
  rawget = rawget, rawequal = rawequal, next = next, pairs = pairs, ipairs = ipairs, load = load, unpack = unpack,
  concat = concat, floor = floor, huge = huge, mtype = mtype, s_format = s_format, s_gsub = s_gsub,
  s_match = s_match, s_sub = s_sub, s_find = s_find, s_rep = s_rep, s_gmatch = s_gmatch, co_create = co_create,
  co_resume = co_resume, co_status = co_status, co_yield = co_yield, co_running = co_running
}

--- Runs the part `runtimes/craftos.NAME` (a store entry, as the runtime itself is) with `bios`; what it returns.
---@param name string
---@return any
local function part(name)
  local entry = 'craftos.' .. name
  local answer = n_pull({ type = 'answer', cid = n_call(0, 'store.get', 'runtimes', entry) })
  local source = answer.args[1]
  if answer.status ~= native.status.OK or type(source) ~= 'string' then
    error('craftos: no part runtimes/' .. entry .. ': ' .. tostring(source), 0)
  end
  local chunk, err = load(source, '=runtime:' .. entry, 't', G)
  if not chunk then error(err, 0) end
  return chunk(bios)
end

part('calls') -- calls on context 0 and CC's argument errors
part('compat') -- Lua as CC's: numbers, loadstring/setfenv/table.getn..., yielding gsub/format/sort
part('term') -- term, write, print, printError, read
part('os') -- os: queueEvent, timers, clocks and dates, sleep, label, shutdown, reboot
part('fs') -- fs and its file handles
part('programs') -- loadfile, dofile, load, os.run, os.loadAPI
part('devices') -- peripheral natives, redstone, http, bit
part('events') -- os.pullEvent, the program's coroutine under the watchdog, rednet.run beside it
return part('boot') -- rom/apis, require, the program found or the shell: the runner
