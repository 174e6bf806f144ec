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

if #args == 0 then
  for _, name in ipairs(settings.getNames()) do
    print(textutils.serialize(name) .. ' is ' .. textutils.serialize(settings.get(name)))
  end
elseif #args == 1 then
  -- one setting: its value, its default when it was changed, and its description
  local name = args[1]
  local details = settings.getDetails(name)
  local line = name .. ' is ' .. textutils.serialize(details.value)
  if details.changed and details.default ~= nil then line = line .. ' (default is ' .. textutils.serialize(details.default) .. ')' end
  print(line)
  if details.description then print(details.description) end
else
  local name, value = args[1], parse(table.concat(args, ' ', 2))
  local details = settings.getDetails(name)
  if details.type and value ~= nil and type(value) ~= details.type then
    printError(textutils.serialize(value) .. ' is not a valid ' .. details.type .. '.')
    return
  end
  if value == nil then settings.unset(name) else settings.set(name, value) end
  print(textutils.serialize(name) .. ' set to ' .. textutils.serialize(value))
  settings.save()
end
