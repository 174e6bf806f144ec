-- monitor: runs a program with the terminal redirected to a monitor (monitor SIDE PROGRAM [ARGS...]), touches on
-- that monitor reaching it as a mouse_click and a mouse_up; or sets a monitor's text scale (monitor scale SIDE N).

local args = { ... }

local function usage()
  print('Usage:')
  print('  monitor <name> <program> <arguments>')
  print('  monitor scale <name> <scale>')
end

--- Whether a monitor is attached as `name`; prints why not when there is none.
---@param name string
---@return boolean
local function is_monitor(name)
  if peripheral.getType(name) == 'monitor' then return true end
  print('No monitor named ' .. name)
  return false
end

--- Seconds from a touch's mouse_click to its mouse_up (a tap: as CC's monitor program releases it).
local RELEASE_DELAY = 0.1

--- An event as the program sees it: a touch on this monitor is a left click, and the timer started for it its
--- release (`releases`: timer id -> the touch's position); the monitor's resize is the terminal's.
---@param side string
---@param releases table
---@return table
local function translated(side, releases, event)
  if event[1] == 'monitor_touch' and event[2] == side then
    releases[os.startTimer(RELEASE_DELAY)] = { event[3], event[4] }
    return { n = 4, 'mouse_click', 1, event[3], event[4] }
  end
  local release = event[1] == 'timer' and releases[event[2]]
  if release then
    releases[event[2]] = nil
    return { n = 4, 'mouse_up', 1, release[1], release[2] }
  end
  if event[1] == 'monitor_resize' and event[2] == side then return { n = 1, 'term_resize' } end
  return event
end

--- Runs the program in a coroutine of its own on the monitor, feeding it the events it asks for; the terminal is
--- the program's (the monitor, or what it redirects to) only while it runs.
---@param side string
---@param monitor table
---@param path string
local function run_on(side, monitor, path, ...)
  local co, inner = coroutine.create(shell.execute), monitor
  local function resume(...)
    local outer = term.redirect(inner)
    local result = table.pack(coroutine.resume(co, ...))
    inner = term.redirect(outer)
    return table.unpack(result, 1, result.n)
  end
  local ok, filter = resume(path, ...)
  local releases = {}
  while ok and coroutine.status(co) ~= 'dead' do
    local event = translated(side, releases, table.pack(os.pullEventRaw()))
    if filter == nil or filter == event[1] or event[1] == 'terminate' then
      ok, filter = resume(table.unpack(event, 1, event.n))
    end
  end
  if not ok then printError(filter) end
end

if args[1] == 'scale' and #args == 3 then
  local scale = tonumber(args[3])
  if not is_monitor(args[2]) then return end
  if not scale then
    print('Invalid scale: ' .. args[3])
    return
  end
  local ok, err = pcall(peripheral.call, args[2], 'setTextScale', scale)
  if not ok then printError(err) end
elseif args[1] ~= 'scale' and #args >= 2 then
  local side = args[1]
  if not is_monitor(side) then return end
  local monitor = peripheral.wrap(side)
  local path = shell.resolveProgram(args[2])
  if not path then
    printError('No such program')
    return
  end
  run_on(side, monitor, path, table.unpack(args, 3))
else
  usage()
end
