-- log: the system log (the kernel's log context): the last lines, following new ones with -f; or write a line.

local log = os.rpc(0).log

local USAGE = [[usage: log [-n N] [-f] | log write LEVEL MESSAGE
  shows the last N lines of the system log (default 20; -f: then each new line as it comes, until killed,
  or Ctrl+C / Ctrl+T on a terminal);
  write adds a line at LEVEL (debug, info, warn, error)]]

--- One log line: time in seconds, level, pid and name, message.
---@param l table
local function show(l)
  print(('%10.3f %-5s %d %s: %s'):format(l.t / 1000, l.level, l.pid, l.name, l.message))
end

local args = { ... }
local count, follow = 20, false
if args[1] == '--help' or args[1] == '-h' then
  print(USAGE)
  return
elseif args[1] == 'write' then
  local ok, err = pcall(log.write, args[2], table.concat(args, ' ', 3))
  if not ok then
    io.stderr:write('log: ', (tostring(err):gsub("^.-call 'log%.write' failed: ", '')), '\n')
    os.exit(2)
  end
  return
end
local i = 1
while args[i] do
  if args[i] == '-f' then
    follow = true
  elseif args[i] == '-n' and math.tointeger(tonumber(args[i + 1])) then
    count = math.tointeger(tonumber(args[i + 1]))
    i = i + 1
  else
    error(("log: unknown argument '%s'\n"):format(args[i]) .. USAGE, 0)
  end
  i = i + 1
end

local last = 0
for _, l in ipairs(log.read(count)) do
  show(l)
  last = l.seq
end
local input = require('input')
if follow and input.live() then input.trap(true) end -- Ctrl+C (a terminate event) ends following, not the run
while follow do
  io.stdout:flush()
  if os.pull('terminate', 0.25) then break end
  for _, l in ipairs(log.read()) do
    if l.seq > last then
      show(l)
      last = l.seq
    end
  end
end
