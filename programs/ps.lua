-- ps: the processes, one a line: pid, parent, state, CPU seconds, memory, instructions, name.

local columns = require('columns')

local USAGE = 'usage: ps\n  the processes running (and ended ones not yet waited for): PID PPID STATE CPU MEMORY INSNS NAME'

if ... == '--help' or ... == '-h' then
  print(USAGE)
  return
elseif ... ~= nil then
  error(("ps: unknown argument '%s'\n"):format(...) .. USAGE, 0)
end

local rows = { { 'PID', 'PPID', 'STATE', 'CPU', 'MEMORY', 'INSNS', 'NAME' } }
for _, p in ipairs(os.rpc(0).proc.list()) do
  local info = os.info(p.pid) -- nil when it ended in between
  if info then
    rows[#rows + 1] = {
      tostring(info.pid), tostring(info.ppid), info.state, ('%.2f'):format(info.cpu), columns.bytes(info.memory),
      tostring(info.instructions), info.name,
    }
  end
end
print(columns.format(rows, { right = { true, true, false, true, true, true } }))
