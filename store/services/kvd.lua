-- kvd: a key-value store daemon. It serves calls on its context 0 (the context its parent starts it
-- with), or, run by init as a service, on its service context: get(key), set(key, value), delete(key), keys(), watch(key);
-- every change is also pushed as a 'changed' message.

local served, own = pcall(os.rpc(0).service.context)
local ctx = served and own or 0
local data = {}
--- key -> the call ids of watch(key) calls waiting for its next change
local watchers = {}

---@type table<string, fun(call: table): ...>
local handlers = {}
--- What a handler returns when it answers later itself.
local WAIT = {}

--- get(key) -> the value, or nil
function handlers.get(call)
  return data[call.args[1]]
end

--- Stores a key's new value (nil: none): listeners of 'changed' hear {key = key, value = value}, watchers get it.
---@param key string
---@param value any
local function change(key, value)
  data[key] = value
  os.push(ctx, 'changed', { key = key, value = value })
  for _, cid in ipairs(watchers[key] or {}) do os.answer(cid, os.status.OK, value) end
  watchers[key] = nil
end

--- set(key, value) -> true
function handlers.set(call)
  local key, value = call.args[1], call.args[2]
  if type(key) ~= 'string' then return nil, 'set(key, value): key must be a string' end
  change(key, value)
  return true
end

--- delete(key) -> whether the key had a value; a change to nil, as set(key, nil)
function handlers.delete(call)
  local key = call.args[1]
  if type(key) ~= 'string' then return nil, 'delete(key): key must be a string' end
  local had = data[key] ~= nil
  change(key, nil)
  return had
end

--- watch(key) -> the key's next value, answered when it is set (the call waits until then)
function handlers.watch(call)
  local key = call.args[1]
  if type(key) ~= 'string' then return nil, 'watch(key): key must be a string' end
  watchers[key] = watchers[key] or {}
  table.insert(watchers[key], call.cid)
  return WAIT
end

--- keys() -> the keys, sorted
function handlers.keys()
  local keys = {}
  for k in pairs(data) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

for name in pairs(handlers) do assert(os.bind(ctx, name)) end
--- Answers one call with what its handler returns.
---@param call table
local function serve(call)
  local ok, result, err = pcall(handlers[call.name], call)
  if not ok then
    os.answer(call.cid, os.status.ERROR, result)
  elseif result == nil and err then
    os.answer(call.cid, os.status.BAD_ARGUMENT, err)
  elseif result ~= WAIT then
    os.answer(call.cid, os.status.OK, result)
  end
end

repeat
  local event = os.pull()
  if event.type == 'call' then serve(event) end
until event.type == 'terminate' -- init stops its services this way
