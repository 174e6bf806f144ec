-- kvd: a key-value store daemon. It serves calls on its context 0 (the context its parent starts it
-- with): get(key), set(key, value), keys(); every change is pushed as a 'changed' message (watch it).

local ctx = 0
local data = {}

---@type table<string, fun(call: table): ...>
local handlers = {}

--- get(key) -> the value, or nil
function handlers.get(call)
  return data[call.args[1]]
end

--- set(key, value) -> true; listeners of 'changed' hear {key = key, value = value}
function handlers.set(call)
  local key, value = call.args[1], call.args[2]
  if type(key) ~= 'string' then return nil, 'set(key, value): key must be a string' end
  data[key] = value
  os.push(ctx, 'changed', { key = key, value = value })
  return true
end

--- keys() -> the keys, sorted
function handlers.keys()
  local keys = {}
  for k in pairs(data) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

for name in pairs(handlers) do assert(os.bind(ctx, name)) end
while true do
  local call = os.pull('call')
  local ok, result, err = pcall(handlers[call.name], call)
  if not ok then
    os.answer(call.cid, os.status.ERROR, result)
  elseif result == nil and err then
    os.answer(call.cid, os.status.BAD_ARGUMENT, err)
  else
    os.answer(call.cid, os.status.OK, result)
  end
end
