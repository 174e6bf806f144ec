-- kvd: a key-value store daemon. It serves calls on its context 0 (the context its parent starts it
-- with), or, run by init as a service, on its service context: get(key), set(key, value), delete(key), keys(), watch(key);
-- every change is also pushed as a 'changed' message. As a service it keeps its data in its data stream.

local served, own = pcall(os.rpc(0).service.context)
local ctx = served and own or 0
local data = {}

--- The data stream, as a log of changes: `s` KEY VALUE (set) or `d` KEY (delete), strings as `LEN:BYTES`,
--- values as `s` string, `n` number (exact), `t`/`f` boolean. Replayed at start, then written compacted.
local stream = os.rpc(0).data
--- Whether the data outlives this process: only as init's service (kvd instances started by programs on
--- contexts of their own keep it in memory: they would otherwise share one stream).
local persistent = served

---@param s string
---@return string
local function counted(s)
  return #s .. ':' .. s
end

--- A number as text that tonumber reads back exactly (an integer stays one, a float stays a float).
---@param n number
---@return string
local function number_text(n)
  if math.type(n) == 'integer' then return ('%d'):format(n) end
  if n == math.huge or n == -math.huge then return n > 0 and '1e999' or '-1e999' end
  local s = ('%.17g'):format(n)
  return s:find('[.e]') and s or s .. '.0'
end

--- One change as a log record.
---@param key string
---@param value string|number|boolean|nil
---@return string
local function record(key, value)
  if value == nil then return 'd' .. counted(key) end
  local t = type(value)
  local v = t == 'string' and 's' .. counted(value) or t == 'number' and 'n' .. counted(number_text(value)) or (value and 't' or 'f')
  return 's' .. counted(key) .. v
end

--- Replays a log into `data`; a broken tail (a record cut short) is ignored.
---@param log string
local function replay(log)
  local at = 1
  local function take_counted()
    local len, colon = log:match('^(%d+)():', at)
    if not len or colon + tonumber(len) > #log then return nil end
    local s = log:sub(colon + 1, colon + tonumber(len))
    at = colon + 1 + tonumber(len)
    return s
  end
  while at <= #log do
    local op = log:sub(at, at)
    at = at + 1
    local key = take_counted()
    if not key then return end
    if op == 'd' then
      data[key] = nil
    else
      local kind = log:sub(at, at)
      at = at + 1
      if kind == 't' or kind == 'f' then
        data[key] = kind == 't'
      else
        local v = take_counted()
        if v == nil then return end
        data[key] = kind == 'n' and tonumber(v) or v
      end
    end
  end
end

if persistent then
  stream.lock()
  replay(stream.read(stream.size()))
  local compacted = {}
  for k, v in pairs(data) do compacted[#compacted + 1] = record(k, v) end
  stream.seek('set', 0)
  stream.truncate(0)
  stream.write(table.concat(compacted))
end
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
  if persistent then stream.append(record(key, value)) end
  os.push(ctx, 'changed', { key = key, value = value })
  for _, cid in ipairs(watchers[key] or {}) do os.answer(cid, os.status.OK, value) end
  watchers[key] = nil
end

--- set(key, value) -> true
function handlers.set(call)
  local key, value = call.args[1], call.args[2]
  if type(key) ~= 'string' then return nil, 'set(key, value): key must be a string' end
  local t = type(value)
  if t ~= 'string' and t ~= 'number' and t ~= 'boolean' and t ~= 'nil' then
    return nil, 'set(key, value): value must be a string, number, boolean or nil, got ' .. t
  end
  if value ~= value then return nil, 'set(key, value): value must not be NaN' end
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
