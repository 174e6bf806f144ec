-- svc: init's services from inside thox, as `thox svc` shows them from the host: list, status, start, stop,
-- restart, reset, reload. `svc list`; `svc restart kv`. Needs a booted system (init serves `service`).

local service = require('service')
local columns = require('columns')

local USAGE = 'usage: svc list | status NAME | start NAME | stop NAME | restart NAME | reset NAME | reload'

--- The services as the table `thox svc list` prints.
---@param services table[]
---@return string
local function services_table(services)
  local rows = { { 'NAME', 'TYPE', 'TARGET', 'STATE', 'PID' } }
  for _, s in ipairs(services) do
    rows[#rows + 1] = { s.name, s.type, s.target, s.state, s.pid and tostring(s.pid) or '-' }
  end
  return columns.format(rows)
end

---@param what string
---@param names table
---@return string
local function names_line(what, names)
  return ('%s: %s'):format(what, #names == 0 and '-' or table.concat(names, ', '))
end

--- Ends with the error in thox's words: without init, nothing serves `service`.
---@param result any
local function fail(result)
  local message = tostring(result)
  if message:find("has no call 'service%.") then message = 'no service manager here: svc needs a system booted with init (thox boot)' end
  error('svc: ' .. message, 0)
end

local command, name = ...
local commands = { status = true, start = true, stop = true, restart = true, reset = true }
if command == '--help' or command == '-h' then
  print(USAGE)
elseif command == 'list' then
  local ok, services = pcall(service.list)
  if not ok then fail(services) end
  print(services_table(services))
elseif commands[command] and name then
  local ok, result = pcall(service[command], name)
  if not ok then fail(result) end
  print(services_table({ result }))
elseif command == 'reload' then
  local ok, r = pcall(service.reload)
  if not ok then fail(r) end
  print(names_line('added', r.added))
  print(names_line('changed', r.changed))
  print(names_line('removed', r.removed))
  for _, e in ipairs(r.errors) do print(e) end
else
  error(USAGE, 0)
end
