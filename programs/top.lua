-- top: the process table, refreshed: pid, name, runtime, state, CPU share, CPU time, memory, instructions.

local columns = require('columns')
local input = require('input')
local proc = os.rpc(0).proc

local USAGE = [[usage: top [-d SECONDS] [-n COUNT]
  the processes, refreshed every SECONDS (default 1): CPU% is the share of the processor each had since the last
  refresh. On a terminal it redraws the screen until q (or Ctrl+T); otherwise it prints COUNT tables (default 1)]]

--- Each live process's os.info, by pid.
---@return table<integer, table>
local function sample()
  local infos = {}
  for _, p in ipairs(proc.list()) do infos[p.pid] = os.info(p.pid) end
  return infos
end

--- The table of processes: CPU% from the CPU time each used between two samples `elapsed` ms apart.
---@param before table<integer, table>
---@param now table<integer, table>
---@param elapsed number
---@return string
local function table_of(before, now, elapsed)
  local rows = { { 'PID', 'NAME', 'RUNTIME', 'STATE', 'CPU%', 'TIME', 'MEMORY', 'INSNS' } }
  local pids = {}
  for pid in pairs(now) do pids[#pids + 1] = pid end
  table.sort(pids)
  for _, pid in ipairs(pids) do
    local info = now[pid]
    local used = info.cpu - (before[pid] and before[pid].cpu or 0)
    local share = elapsed > 0 and math.min(100, used * 1000 / elapsed * 100) or 0
    rows[#rows + 1] = {
      tostring(pid), info.name, info.runtime, info.state, ('%.1f'):format(share), ('%.2f'):format(info.cpu),
      columns.bytes(info.memory), tostring(info.instructions),
    }
  end
  return columns.format(rows, { right = { true, false, false, false, true, true, true, true } })
end

--- The header: processes, and the kernel clock.
---@param now table<integer, table>
---@return string
local function header(now)
  local n = 0
  for _ in pairs(now) do n = n + 1 end
  return ('top - %s, %d processes'):format(os.date('%H:%M:%S'), n)
end

local args = { ... }
local delay, count = 1, 1
local i = 1
while args[i] do
  local value = tonumber(args[i + 1])
  if args[i] == '--help' or args[i] == '-h' then
    print(USAGE)
    return
  elseif args[i] == '-d' and value and value > 0 then
    delay = value
  elseif args[i] == '-n' and math.tointeger(value) and value > 0 then
    count = math.tointeger(value)
  else
    error(("top: bad argument '%s'\n"):format(args[i]) .. USAGE, 0)
  end
  i = i + 2
end

local before, at = sample(), os.epoch()

--- The next table, `delay` after the last one.
---@return string
local function refresh()
  local now, t = sample(), os.epoch()
  local text = header(now) .. '\n\n' .. table_of(before, now, t - at)
  before, at = now, t
  return text
end

if not input.live() then
  for n = 1, count do
    os.sleep(delay)
    if n > 1 then print() end
    print(refresh())
  end
  return
end

local term = require('term')
input.trap(true)

--- Draws the lines from the top of the screen, each cut at its width, the last ones dropped past its height.
---@param text string
local function draw(text)
  local width, height = term.getSize()
  term.clear()
  local y = 0
  for line in (text .. '\n'):gmatch('([^\n]*)\n') do
    y = y + 1
    if y > height then break end
    term.setCursorPos(1, y)
    term.write(line:sub(1, width))
  end
  term.setCursorPos(1, math.min(y, height) + 1)
end

local timer = os.timer(delay)
local text = 'top: measuring...'
while true do
  draw(text .. '\n(q: quit)')
  local e = os.pull()
  if e.type == 'timer' and e.id == timer then
    text = refresh()
    timer = os.timer(delay)
  elseif (e.type == 'char' and e.char == 'q') or e.type == 'terminate' then
    break
  end
end
