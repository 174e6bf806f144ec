-- The craftos runtime's calls on context 0 (invoke, try) and CC's argument errors (arg, arg_at, got), shared by
-- every other part of the bios (runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local native, n_call, n_pull, type, error, tostring = bios.native, bios.n_call, bios.n_pull, bios.type, bios.error, bios.tostring
local getmetatable, rawget, unpack, huge, s_format, s_gsub = bios.getmetatable, bios.rawget, bios.unpack, bios.huge, bios.s_format, bios.s_gsub

local OK, BAD_ARGUMENT = native.status.OK, native.status.BAD_ARGUMENT

--- The answer's message in CC's words: `bad argument #1 to 'term.write' (...)` loses its `to '...'`.
---@param message any
---@return string
local function cc_message(message)
  return (s_gsub(tostring(message), "^bad argument #(%d+) to '[^']*' ", 'bad argument #%1 '))
end

--- Calls NAME on context 0: its values, or its error raised at `level` as `error` counts from here (2 blames the
--- caller of a function that tail-calls invoke, 3 that of one that calls it otherwise).
---@param level integer
---@param name string
---@return any ...
local function invoke(level, name, ...)
  local answer = n_pull({ type = 'answer', cid = n_call(0, name, ...) })
  local args = answer.args
  if answer.status == OK then return unpack(args, 1, args.n) end
  error(cc_message(args[1] or 'failed'), level)
end

--- Calls NAME on context 0: true and its values, or false and its message (CC's words).
---@param name string
---@return boolean, any ...
local function try(name, ...)
  local answer = n_pull({ type = 'answer', cid = n_call(0, name, ...) })
  local args = answer.args
  if answer.status == OK then return true, unpack(args, 1, args.n) end
  return false, cc_message(args[1] or 'failed'), answer.status
end

--- What an argument error names: `nan`, `inf`, `-inf` for such numbers, the metatable's `__name`, else the type.
---@param value any
---@return string
local function got(value)
  if type(value) == 'number' then
    if value ~= value then return 'nan' end
    if value == huge then return 'inf' end
    if value == -huge then return '-inf' end
  end
  local mt = getmetatable(value)
  if type(mt) == 'table' and type(rawget(mt, '__name')) == 'string' then return rawget(mt, '__name') end
  return type(value)
end

--- CC's argument check of its native (Java) functions: `bad argument #N (T expected, got X)` raised at `level`.
---@param level integer
---@param n integer
---@param value any
---@param what string the expected type ('number', 'string', 'table', ...)
---@param optional? boolean
---@return any
local function arg_at(level, n, value, what, optional)
  if type(value) == what then
    if what ~= 'number' or (value == value and value ~= huge and value ~= -huge) then return value end
  elseif optional and value == nil then
    return nil
  end
  error(s_format('bad argument #%d (%s expected, got %s)', n, what, got(value)), level)
end

--- The argument check of a function called by its caller: the error blames the caller's caller.
---@param n integer
---@param value any
---@param what string
---@param optional? boolean
---@return any
local function arg(n, value, what, optional) return arg_at(3, n, value, what, optional) end

bios.BAD_ARGUMENT, bios.arg, bios.arg_at, bios.got, bios.invoke, bios.try = BAD_ARGUMENT, arg, arg_at, got, invoke, try
