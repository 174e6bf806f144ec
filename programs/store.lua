-- store: the store's entries from inside thox: ls, cat, put, rm (writes are the host user's: a process is refused).

local columns = require('columns')
local store = os.rpc(0).store

local USAGE = [[usage: store ls [NAMESPACE] | cat NAMESPACE/NAME | put NAMESPACE/NAME [FILE] | rm NAMESPACE/NAME
  namespaces: programs, libraries, runtimes, services (data streams are each program's own: see docs/store.md);
  put and rm are refused to processes: the host user changes the store with 'thox store put' and 'thox store rm']]

--- Ends with a one-line error in thox's words (the store's refusal without the RPC's wrapping).
---@param message string
local function fail(message)
  io.stderr:write('store: ', (tostring(message):gsub("^.-call 'store%.%a+' failed: ", '')), '\n')
  os.exit(1)
end

--- NAMESPACE/NAME split in two.
---@param entry string|nil
---@return string namespace
---@return string name
local function split(entry)
  local ns, name = (entry or ''):match('^([^/]+)/(.+)$')
  if not ns then fail(("'%s' is not NAMESPACE/NAME (as programs/hello)\n"):format(entry or '') .. USAGE) end
  return ns, name
end

--- Calls store.NAME, ending with its error when it fails.
local function call(name, ...)
  local ok, a = pcall(store[name], ...)
  if not ok then fail(a) end
  return a
end

local command, entry, file = ...
if command == '--help' or command == '-h' or command == nil then
  print(USAGE)
  os.exit(command == nil and 2 or 0)
elseif command == 'ls' then
  local rows = { { 'NAME', 'SIZE', 'LAYER' } }
  for _, e in ipairs(call('list', entry)) do
    rows[#rows + 1] = { entry and e.name or e.namespace .. '/' .. e.name, tostring(e.size), e.layer }
  end
  print(columns.format(rows, { right = { false, true, false } }))
elseif command == 'cat' then
  local ns, name = split(entry)
  local bytes = call('get', ns, name)
  if bytes == nil then fail(('%s/%s: no such entry'):format(ns, name)) end
  io.write(bytes)
elseif command == 'put' then
  local ns, name = split(entry)
  local f, err = io.stdin, nil
  if file then f, err = io.open(file, 'r') end
  if not f then fail(err) end
  call('put', ns, name, f:read('a'))
elseif command == 'rm' then
  call('remove', split(entry))
else
  fail(("unknown command '%s'\n"):format(command) .. USAGE)
end
