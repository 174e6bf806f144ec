-- settings: named settings of the computer: their definitions (description, default, type), their values, and
-- both saved to and loaded from a file (.settings by default) serialised with textutils. Each change queues a
-- setting_changed event (name, new value, old value).

local expect_module = dofile("rom/modules/main/cc/expect.lua")
local expect, field = expect_module.expect, expect_module.field

local TYPES = { number = true, string = true, boolean = true, table = true }

local details = {} -- name → { description?, default?, type? }
local values = {} -- name → value set

--- A deep copy of a value (tables are copied, so no caller shares them with the settings).
local function copy(value)
  if type(value) ~= "table" then return value end
  local result = {}
  for k, v in pairs(value) do result[k] = copy(v) end
  return result
end

--- Sets (or with nil, unsets) the value and queues setting_changed when it changed.
local function set_value(name, new)
  local old = values[name]
  values[name] = new
  if old ~= new then os.queueEvent("setting_changed", name, copy(new), copy(old)) end
end

--- Declares a setting: its description, its default value and the type its values must have.
---@param name string
---@param options? { description?: string, default?: any, type?: string }
function define(name, options)
  expect(1, name, "string")
  expect(2, options, "table", "nil")
  options = options or {}
  local kind = field(options, "type", "string", "nil")
  if kind and not TYPES[kind] then
    error(("Unknown type %q. Expected one of number, string, boolean, table."):format(kind), 2)
  end
  details[name] = {
    description = field(options, "description", "string", "nil"),
    default = copy(options.default),
    type = kind,
  }
end

--- Removes a setting's definition (its value, if set, stays).
---@param name string
function undefine(name)
  expect(1, name, "string")
  details[name] = nil
end

--- Sets a setting, which must have its definition's type if it has one.
---@param name string
---@param value number|string|boolean|table
function set(name, value)
  expect(1, name, "string")
  expect(2, value, "number", "string", "boolean", "table")
  local kind = details[name] and details[name].type
  if kind then expect(2, value, kind) end
  -- only what textutils can save: the value is refused before it is stored
  local ok, why = pcall(textutils.serialize, value)
  if not ok then error((tostring(why):gsub("^[^:]*:%d+: ", "")), 2) end
  set_value(name, copy(value))
end

--- A setting's value, else `default`, else its definition's default.
---@param name string
---@param default? any
---@return any
function get(name, default)
  expect(1, name, "string")
  local value = values[name]
  if value == nil then value = default end
  if value == nil and details[name] then value = details[name].default end
  return copy(value)
end

--- What is known of a setting: description, default, type, value (as get gives it) and whether it was changed.
---@param name string
---@return { description?: string, default?: any, type?: string, value?: any, changed: boolean }
function getDetails(name)
  expect(1, name, "string")
  local d = details[name] or {}
  return {
    description = d.description,
    default = copy(d.default),
    type = d.type,
    value = get(name),
    changed = values[name] ~= nil,
  }
end

--- Removes a setting's value (get gives the default again).
---@param name string
function unset(name)
  expect(1, name, "string")
  set_value(name, nil)
end

--- Removes every setting's value.
function clear()
  for name in pairs(values) do set_value(name, nil) end
end

--- The names of every defined or set setting, sorted.
---@return string[]
function getNames()
  local names, seen = {}, {}
  for _, source in ipairs({ details, values }) do
    for name in pairs(source) do
      if not seen[name] then
        seen[name] = true
        names[#names + 1] = name
      end
    end
  end
  table.sort(names)
  return names
end

--- Merges the settings saved in a file (default ".settings") into the current ones; entries of the wrong type are
--- skipped. False when the file cannot be read or holds no table.
---@param path? string
---@return boolean
function load(path)
  expect(1, path, "string", "nil")
  local file = fs.open(path or ".settings", "r")
  if not file then return false end
  local text = file.readAll()
  file.close()
  local saved = textutils.unserialize(text or "")
  if type(saved) ~= "table" then return false end
  for name, value in pairs(saved) do
    local kind = type(name) == "string" and details[name] and details[name].type
    if type(name) == "string" and TYPES[type(value)] and (not kind or kind == type(value)) then
      set_value(name, value)
    end
  end
  return true
end

--- Writes the current values to a file (default ".settings"); false when it cannot be written.
---@param path? string
---@return boolean
function save(path)
  expect(1, path, "string", "nil")
  local file = fs.open(path or ".settings", "w")
  if not file then return false end
  file.write(textutils.serialize(values))
  file.close()
  return true
end
