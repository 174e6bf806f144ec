-- peripheral: CraftOS's peripheral API over the natives the bios hands over (the global `peripheral` while this
-- file loads): names, types, methods, calls, wrap and find.

local expect = dofile('rom/modules/main/cc/expect.lua').expect
local native = peripheral

--- The names of attached peripherals (sides and network names), sorted.
---@return string[]
function getNames() return native.getNames() end

--- Whether a peripheral is attached as `name`.
---@param name string
---@return boolean
function isPresent(name)
  expect(1, name, 'string')
  return native.isPresent(name)
end

--- The metatable of a wrapped peripheral (`__name` "peripheral"), or nil.
---@param p table
---@return table|nil
local function wrapped(p)
  local mt = getmetatable(p)
  if type(mt) == 'table' and mt.__name == 'peripheral' then return mt end
  return nil
end

--- The types of a wrapped peripheral: its metatable's `types` list, else its `type`.
---@param mt table
---@return string[]
local function types_of(mt)
  if type(mt.types) == 'table' then return mt.types end
  return { mt.type }
end

--- The types of a peripheral (a name or a wrapped one; a peripheral may have several), or nil.
---@param p string|table
---@return string|nil ...
function getType(p)
  expect(1, p, 'string', 'table')
  if type(p) == 'table' then
    local mt = wrapped(p)
    if not mt then error('bad argument #1 (table is not a peripheral)', 2) end
    return table.unpack(types_of(mt))
  end
  return native.getType(p)
end

--- Whether a peripheral has the type `kind` among its types; nil when nothing is attached.
---@param p string|table
---@param kind string
---@return boolean|nil
function hasType(p, kind)
  expect(1, p, 'string', 'table')
  expect(2, kind, 'string')
  local types
  if type(p) == 'table' then
    local mt = wrapped(p)
    if not mt then error('bad argument #1 (table is not a peripheral)', 2) end
    types = types_of(mt)
  else
    types = table.pack(native.getType(p))
    if types[1] == nil then return nil end
  end
  for _, t in ipairs(types) do
    if t == kind then return true end
  end
  return false
end

--- The method names of a peripheral, or nil.
---@param name string
---@return string[]|nil
function getMethods(name)
  expect(1, name, 'string')
  return native.getMethods(name)
end

--- The name of a wrapped peripheral.
---@param p table
---@return string
function getName(p)
  expect(1, p, 'table')
  local mt = wrapped(p)
  if not mt then error('bad argument #1 (table is not a peripheral)', 2) end
  return mt.name
end

--- Calls a method of the peripheral named `name`.
---@param name string
---@param method string
---@return any ...
function call(name, method, ...)
  expect(1, name, 'string')
  expect(2, method, 'string')
  if not native.isPresent(name) then return nil end
  return native.call(name, method, ...)
end

--- A table of the peripheral's methods (`monitor.write('hi')`), or nil when nothing is attached.
---@param name string
---@return table|nil
function wrap(name)
  expect(1, name, 'string')
  local methods = native.getMethods(name)
  if not methods then return nil end
  local t = {}
  for _, method in ipairs(methods) do
    t[method] = function(...) return native.call(name, method, ...) end
  end
  return setmetatable(t, { __name = 'peripheral', name = name, type = native.getType(name), types = { native.getType(name) } })
end

--- Every attached peripheral of type `kind` (wrapped) that `filter(name, wrapped)` accepts, as separate values.
---@param kind string
---@param filter? function
---@return table ...
function find(kind, filter)
  expect(1, kind, 'string')
  expect(2, filter, 'function', 'nil')
  local found = {}
  for _, name in ipairs(getNames()) do
    if native.getType(name) == kind then
      local object = wrap(name)
      if filter == nil or filter(name, object) then found[#found + 1] = object end
    end
  end
  return table.unpack(found)
end
