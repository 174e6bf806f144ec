-- run: runs a program from the store, with a runtime of choice (--runtime craftos), and exits with its status.

local USAGE = [[usage: run [--runtime NAME] PROGRAM [ARGS...]
  starts PROGRAM (a store name) as a child with the runtime NAME (default: this one's, native), waits for it,
  and exits with its status]]

local args = { ... }
local runtime
if args[1] == '--help' or args[1] == '-h' then
  print(USAGE)
  return
elseif args[1] == '--runtime' then
  runtime = args[2]
  if not runtime then error('run: --runtime needs a runtime name\n' .. USAGE, 0) end
  table.remove(args, 1)
  table.remove(args, 1)
end
local name = table.remove(args, 1)
if not name then error('run: no program given\n' .. USAGE, 0) end

local pid, err = os.run(name, { args = args, runtime = runtime })
if not pid then
  io.stderr:write('run: ', err, '\n')
  os.exit(127)
end
local code, kind, message = os.wait(pid)
if kind ~= 'exited' then io.stderr:write(message, '\n') end
os.exit(code)
