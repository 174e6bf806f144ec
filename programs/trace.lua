-- trace: records the scheduling trace while the system runs: trace start, then trace stop writes what it recorded.

local trace = os.rpc(0).trace

local USAGE = [[usage: trace start | trace stop [--format text|jsonl|chrome] [FILE] | trace status
  start begins recording every scheduling event of the system (one recording at a time);
  stop ends it and writes the events to FILE, or to standard output (see docs/scheduling.md)]]

--- Ends with a one-line error, the context's answer without the RPC's wrapping.
---@param message string
local function fail(message)
  io.stderr:write('trace: ', (tostring(message):gsub("^.-call 'trace%.%a+' failed: ", ''):gsub('^error: ', '')), '\n')
  os.exit(1)
end

local args = { ... }
local command = table.remove(args, 1)
if command == '--help' or command == '-h' then
  print(USAGE)
elseif command == 'start' then
  local ok, err = pcall(trace.start)
  if not ok then fail(err) end
  print('trace: recording')
elseif command == 'stop' then
  local format = 'text'
  if args[1] == '--format' then
    format = args[2]
    table.remove(args, 1)
    table.remove(args, 1)
  end
  local ok, text, cut = pcall(trace.stop, format)
  if not ok then fail(text) end
  if cut then io.stderr:write('trace: ', cut, ': the events after it were not kept\n') end
  if args[1] then
    local f, err = io.open(args[1], 'w')
    if not f then fail(err) end
    f:write(text)
    f:close()
  else
    io.write(text)
  end
elseif command == 'status' then
  local by = trace.recording()
  print(by and ('trace: recording (started by process %d)'):format(by) or 'trace: not recording')
else
  fail((command and ("unknown command '%s'\n"):format(command) or '') .. USAGE)
end
