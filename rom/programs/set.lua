-- set: lists the settings, shows one (set NAME), or changes one (set NAME VALUE) and saves them to .settings.

local args = { ... }

--- A value typed on the command line: true/false, a number, else the text itself.
---@param text string
---@return any
local function parse(text)
  if text == 'true' then return true end
  if text == 'false' then return false end
  if text == 'nil' then return nil end
  return tonumber(text) or text
end

local function show(name)
  print(textutils.serialize(name) .. ' is ' .. textutils.serialize(settings.get(name)))
end

if #args == 0 then
  for _, name in ipairs(settings.getNames()) do show(name) end
elseif #args == 1 then
  show(args[1])
  local details = settings.getDetails(args[1])
  if details.description then print(details.description) end
else
  local name, value = args[1], parse(table.concat(args, ' ', 2))
  local details = settings.getDetails(name)
  if details.type and value ~= nil and type(value) ~= details.type then
    printError(textutils.serialize(name) .. ' must be a ' .. details.type)
    return
  end
  if value == nil then settings.unset(name) else settings.set(name, value) end
  print(textutils.serialize(name) .. ' set to ' .. textutils.serialize(value))
  settings.save()
end
