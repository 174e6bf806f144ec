-- The craftos runtime's event loop: os.pullEvent/pullEventRaw, the program's coroutine driven with events under
-- the watchdog ("Too long without yielding"), and rednet.run's daemon beside it (a part of runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, n_pull, n_getenv, n_watchdog, type, error = bios.G, bios.n_pull, bios.n_getenv, bios.n_watchdog, bios.type, bios.error
local tonumber, unpack, co_create, co_resume, co_status, co_yield = bios.tonumber, bios.unpack, bios.co_create, bios.co_resume, bios.co_status, bios.co_yield
local co_running, fs, os = bios.co_running, bios.fs, bios.os

--- CPU seconds the program may run without waiting for an event before CC's error (7 s, as CC's soft abort).
local YIELD_TIMEOUT = tonumber(n_getenv('CRAFTOS_YIELD_TIMEOUT') or '') or 7
local TOO_LONG = 'Too long without yielding'

--- The program's coroutine (see drive): the top level of the running program.
local top_co

--- The daemon beside the program (rednet.run, see beside_rednet): its coroutine, and the filter it waits with.
local daemon, daemon_filter
--- The events rednet.run acts on (timers: its prune timer, which forgets old message ids); it does nothing with the
--- others, so it is not resumed for them.
local DAEMON_EVENTS = { modem_message = true, rednet_message = true, timer = true }

--- Hands an event to the daemon, as CraftOS's `parallel.waitForAny(rednet.run, shell)` resumes each of its routines
--- in turn; an error in the daemon is raised in the program, as parallel raises it.
---@param e table
local function feed_daemon(e)
  if daemon_filter ~= nil and daemon_filter ~= e.type then return end
  local ok, filter = co_resume(daemon, e.type, unpack(e, 1, e.n or #e))
  if not ok then
    daemon = nil
    error(filter, 0)
  end
  daemon_filter = filter
  if co_status(daemon) == 'dead' then daemon = nil end
end

--- The next event the program waits for: the native queue's, as CC's; a string `filter` drops the others (but
--- terminate), any other filter none. The daemon sees each event it acts on first. Each event pulled kicks the
--- kernel's watchdog (see drive), as CC's runner resets its timer at each yield.
---@param filter any
---@return table
local function next_event(filter)
  while true do
    local e = n_pull()
    local name = e.type
    if daemon and DAEMON_EVENTS[name] then feed_daemon(e) end
    if name == filter or name == 'terminate' or type(filter) ~= 'string' then return e end
  end
end

-- The program's top level waits for its events itself (what the runner would do for it, without a coroutine
-- switch); code in a coroutine of its own yields to its resumer, as in CC.

--- The next event (name, values...) matching `filter`, terminate included.
---@param filter? string
---@return string, any ...
function os.pullEventRaw(filter)
  if co_running() ~= top_co then return co_yield(filter) end
  local e = next_event(filter)
  return e.type, unpack(e, 1, e.n or #e)
end

--- An event's values, unless it is `terminate`: then the error "Terminated".
local function unless_terminated(name, ...)
  if name == 'terminate' then error('Terminated', 0) end
  return name, ...
end

--- The next event matching `filter`; a `terminate` event raises "Terminated".
---@param filter? string
---@return string, any ...
function os.pullEvent(filter)
  if co_running() ~= top_co then return unless_terminated(co_yield(filter)) end
  local e = next_event(filter)
  local name = e.type
  if name == 'terminate' then error('Terminated', 0) end
  return name, unpack(e, 1, e.n or #e)
end

--- Runs the program as CC's top level runs a computer's coroutine: resumed with each event it asks for; the
--- kernel's watchdog, kicked at each event, raises "Too long without yielding" in code that runs on too long.
---@param program function
---@return boolean, any
local function drive(program, ...)
  local co = co_create(program)
  top_co = co
  n_watchdog(YIELD_TIMEOUT, TOO_LONG, true) -- kicked by the kernel at each event next_event pulls
  local ok, value = co_resume(co, ...)
  while co_status(co) ~= 'dead' do
    local e = next_event(value)
    ok, value = co_resume(co, e.type, unpack(e, 1, e.n or #e))
  end
  return ok, value
end

--- The program with rednet.run beside it, as CraftOS runs its shell (`parallel.waitForAny(shell, rednet.run)`), so
--- that rednet_message events arrive without the program running the daemon; rom/apis/rednet.lua is loaded afresh
--- each time (a reboot starts a new daemon). The daemon is resumed by next_event, so the program keeps the top
--- level's direct wait for events (no switch through a parallel loop per event).
---@param program function
---@return function
local function beside_rednet(program)
  return function(...)
    daemon = nil
    if fs.exists('rom/apis/rednet.lua') and os.loadAPI('rom/apis/rednet.lua') then
      -- the daemon first: it is running before the program starts, so the program's own rednet.run is refused
      daemon = co_create(G.rednet.run)
      local ok, filter = co_resume(daemon)
      if not ok then error(filter, 0) end
      daemon_filter = filter
    end
    return program(...)
  end
end

bios.beside_rednet, bios.drive = beside_rednet, drive
