-- cc.expect: argument checks for CraftOS code, as CC: Tweaked's module documents them (expect, field, range).
-- Errors read `bad argument #N to 'NAME' (T expected, got X)`, name the caller's function and honour `__name`.

local getinfo = debug and debug.getinfo

--- The type a message names for a value: its metatable's string `__name` if it has one, else `type(v)`.
---@param value any
---@return string
local function type_name(value)
  local mt = getmetatable(value)
  if type(mt) == 'table' and type(rawget(mt, '__name')) == 'string' then return rawget(mt, '__name') end
  return type(value)
end

--- "a", "a or b", "a, b or c": the allowed types as a message lists them; "nil" is left out beside other types
--- (an optional argument reads as its type).
---@param all table
---@param n integer
---@return string
local function type_list(all, n)
  local types = {}
  for i = 1, n do
    if all[i] ~= 'nil' then types[#types + 1] = all[i] end
  end
  n = #types
  if n == 0 then return 'nil' end
  if n == 1 then return types[1] end
  if n == 2 then return types[1] .. ' or ' .. types[2] end
  return table.concat(types, ', ', 1, n - 1) .. ' or ' .. types[n]
end

--- Whether `value`'s type is one of the varargs.
---@return boolean
local function is_one_of(value, ...)
  local t = type(value)
  for i = 1, select('#', ...) do
    if select(i, ...) == t then return true end
  end
  return false
end

--- The name the checked function was called by (two frames above this one), or nil when unknown or when expect
--- was called straight from a C function (`pcall(expect, ...)` checks no function of its caller's; fengari's are 'J').
---@return string|nil
local function function_name()
  local info = getinfo and getinfo(3, 'nS')
  if info and info.what ~= 'C' and info.what ~= 'J' and info.name and info.name ~= '' and info.name ~= '?' then return info.name end
  return nil
end

--- Checks that the `index`th argument `value` has one of the types `...`; returns `value`.
--- Raises `bad argument #index to 'fn' (types expected, got type)` at the caller of the checked function.
---@param index integer
---@param value any
---@param ... string
---@return any
local function expect(index, value, ...)
  if is_one_of(value, ...) then return value end
  if type(index) ~= 'number' then
    error(("bad argument #1 to 'expect' (number expected, got %s)"):format(type_name(index)), 2)
  end
  local name = function_name()
  local where = name and (" to '%s'"):format(name) or ''
  error(('bad argument #%d%s (%s expected, got %s)'):format(index, where, type_list({ ... }, select('#', ...)), type_name(value)), 3)
end

--- Checks that field `key` of table `tbl` has one of the types `...`; returns the field's value.
---@param tbl table
---@param key string
---@param ... string
---@return any
local function field(tbl, key, ...)
  expect(1, tbl, 'table')
  expect(2, key, 'string')
  local value = tbl[key]
  if is_one_of(value, ...) then return value end
  if value == nil then
    error(("field '%s' missing from table"):format(key), 3)
  end
  error(("bad field '%s' (%s expected, got %s)"):format(key, type_list({ ... }, select('#', ...)), type_name(value)), 3)
end

--- Checks that `num` is a number in [min, max] (defaults -inf, +inf; NaN is never in range); returns it.
---@param num number
---@param min? number
---@param max? number
---@return number
local function range(num, min, max)
  expect(1, num, 'number')
  min = expect(2, min, 'number', 'nil') or -math.huge
  max = expect(3, max, 'number', 'nil') or math.huge
  if num ~= num or num < min or num > max then
    error(('number outside of range (expected %s to be within %s and %s)'):format(num, min, max), 3)
  end
  return num
end

return setmetatable({ expect = expect, field = field, range = range, type_name = type_name }, {
  __call = function(_, ...) return expect(...) end,
})
