-- label: gets, sets or clears the computer's label.

local args = { ... }
local command = args[1]
if command == 'get' then
  local label = os.getComputerLabel()
  if label then print('Computer label is "' .. label .. '"') else print('No label') end
elseif command == 'set' and #args > 1 then
  local label = table.concat(args, ' ', 2)
  os.setComputerLabel(label)
  print('Computer label set to "' .. label .. '"')
elseif command == 'clear' then
  os.setComputerLabel(nil)
  print('Computer label cleared')
else
  print('Usages:')
  print('label get')
  print('label set <text>')
  print('label clear')
end
