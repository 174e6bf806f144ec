-- The craftos runtime's `os` (queueEvent, timers, clocks and dates, sleep, the computer's id and label) and the
-- sleep global; shutdown and reboot; events (pullEvent) are runtimes/craftos.events.lua's.

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, native, n_queue, n_date, type, select = bios.G, bios.native, bios.n_queue, bios.n_date, bios.type, bios.select
local error, setmetatable, next, floor, s_format, arg = bios.error, bios.setmetatable, bios.next, bios.floor, bios.s_format, bios.arg
local got, invoke = bios.got, bios.invoke

local os = {}
G.os = os

--- The plain values an event carries as they are (nil aside); functions, coroutines and userdata it cannot carry.
local PLAIN = { boolean = true, number = true, string = true }
--- Levels of tables an event argument may nest: the kernel copies an event no deeper (docs/native-api.md, Limits).
local EVENT_DEPTH = 200

--- A deep copy of event argument `i` (a table `depth` levels down): tables copied with their sharing and cycles;
--- entries holding what an event cannot carry (functions, coroutines, userdata) left out, as CC leaves them out.
--- Past EVENT_DEPTH levels, an error at queueEvent's caller.
---@param value any
---@param seen table
---@param depth integer
---@param i integer
---@return any
local function copy(value, seen, depth, i)
  if type(value) ~= 'table' then
    if PLAIN[type(value)] then return value end
    return nil
  end
  if seen[value] then return seen[value] end
  if depth > EVENT_DEPTH then
    error(s_format("bad argument #%d to 'queueEvent' (table nested too deeply to copy)", i + 1), depth + 2)
  end
  local t = {}
  seen[value] = t
  for k, v in next, value do
    k = copy(k, seen, depth + 1, i)
    if k ~= nil then t[k] = copy(v, seen, depth + 1, i) end
  end
  return t
end

--- Queues an event (name and arguments, each table argument deep-copied on its own) for this computer. The
--- arguments go into the event as they are; tables among them are replaced by copies, and what an event cannot
--- carry by nil (CC passes a function as nil); a nil among them sets `n`, which keeps the holes.
---@param name string
function os.queueEvent(name, ...)
  if type(name) ~= 'string' then arg(1, name, 'string') end
  local event = { type = name, ... }
  local n = select('#', ...)
  for i = 1, n do
    local kind = type(event[i])
    if kind == 'table' then
      event[i] = copy(event[i], {}, 1, i)
    elseif not PLAIN[kind] then
      event[i] = nil
      event.n = n
    end
  end
  n_queue(event) -- past the queue's limit the event is lost, as CC loses it
end


function os.startTimer(seconds) return invoke(2, 'clock.startTimer', arg(1, seconds, 'number')) end
function os.cancelTimer(id) invoke(3, 'clock.cancel', arg(1, id, 'number')) end
function os.setAlarm(hour) return invoke(2, 'clock.setAlarm', arg(1, hour, 'number')) end
function os.cancelAlarm(id) invoke(3, 'clock.cancel', arg(1, id, 'number')) end

--- Seconds the computer has been running (CC counts ticks of 1/20 s): since this process started, so a reboot's
--- fresh process counts from 0 again.
local START_TICKS = invoke(3, 'clock.ticks')
---@return number
function os.clock() return (invoke(3, 'clock.ticks') - START_TICKS) * 0.05 end

local HOUR_MS, DAY_MS = 3600000, 86400000

--- The locale argument of time/day/epoch: 'ingame' (default), 'utc' or 'local'; anything else is refused.
local function locale(value)
  if value == nil then return 'ingame' end
  if type(value) ~= 'string' then error(s_format('bad argument #1 (string expected, got %s)', got(value)), 3) end
  local l = value:lower()
  if l ~= 'ingame' and l ~= 'utc' and l ~= 'local' then error('Unsupported operation', 3) end
  return l
end

--- The time of day in hours: the in-game clock's, or the real clock's ('utc', 'local'); os.time(table) as Lua's.
---@param l? string|table
---@return number
function os.time(l)
  if type(l) == 'table' then return native.time(l) end
  local which = locale(l)
  if which == 'ingame' then return invoke(2, 'clock.time') end
  return (invoke(3, 'clock.epoch', which) % DAY_MS) / HOUR_MS
end

--- The day: the in-game one (from 1) or days since 1970 ('utc', 'local').
---@param l? string
---@return integer
function os.day(l)
  local which = locale(l)
  if which == 'ingame' then return invoke(2, 'clock.day') end
  return floor(invoke(3, 'clock.epoch', which) / DAY_MS)
end

--- Milliseconds: in-game since day 0 (default), or since the Unix epoch ('utc', 'local').
---@param l? string
---@return integer
function os.epoch(l) return invoke(2, 'clock.epoch', locale(l)) end

--- C's strftime over the real clock (as Lua's os.date); '%c' by default.
---@param format? string
---@param time? number
---@return string|table
function os.date(format, time)
  arg(1, format, 'string', true)
  arg(2, time, 'number', true)
  return n_date(format or '%c', time)
end

--- Waits `seconds`, discarding the other events meanwhile (as CC's sleep).
---@param seconds? number
function os.sleep(seconds)
  local id = os.startTimer(arg(1, seconds, 'number', true) or 0)
  repeat
    local _, fired = os.pullEvent('timer')
  until fired == id
end

function os.version() return 'CraftOS 1.9' end
function os.getComputerID() return invoke(2, 'computer.getID') end
function os.getComputerLabel() return invoke(2, 'computer.getLabel') end
function os.setComputerLabel(label) invoke(3, 'computer.setLabel', arg(1, label, 'string', true)) end
os.computerID, os.computerLabel = os.getComputerID, os.getComputerLabel

--- Unwinds to the runner: shutdown ends the process; reboot ends it too when the host starts a fresh one (thox run),
--- else runs the program again in this process.
local POWER = setmetatable({}, { __tostring = function() return 'power' end })
local power_request

--- Turns the computer off: the process ends (with `code` as its status when thox run has --exit-on-shutdown).
---@param code? integer
function os.shutdown(code)
  power_request = { kind = 'shutdown', code = code }
  error(POWER, 0)
end

--- Turns the computer off and on: the program runs again from its start (in a fresh process under thox run).
function os.reboot()
  power_request = { kind = 'reboot' }
  error(POWER, 0)
end

G.sleep = os.sleep

--- The request of the last os.shutdown or os.reboot (nil if none), forgotten once taken (by the runner).
---@return table|nil
local function take_power_request()
  local request = power_request
  power_request = nil
  return request
end

bios.os, bios.POWER, bios.take_power_request = os, POWER, take_power_request
