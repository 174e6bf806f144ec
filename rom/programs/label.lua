-- label: gets, sets or clears the computer's label, or with a drive's side the label of the disk in it.

local args = { ... }

--- What the label belongs to: the computer, or the disk in the drive named by `side` (nil if it holds none).
---@param side string|nil
---@return string|nil what "Computer" or "Disk"
---@return function|nil get
---@return function|nil set
local function owner(side)
  if not side then return 'Computer', os.getComputerLabel, os.setComputerLabel end
  if not disk.hasData(side) then
    printError('No disk in drive ' .. side)
    return nil
  end
  return 'Disk', function() return disk.getLabel(side) end, function(label) disk.setLabel(side, label) end
end

--- `label get [drive]`
local function get(side)
  local what, read = owner(side)
  if not what then return end
  local label = read()
  if label then print(what .. ' label is "' .. label .. '"') else print('No ' .. what .. ' label') end
end

--- `label set [drive] <text>` and `label clear [drive]` (label nil)
local function set(side, label)
  local what, _, write = owner(side)
  if not what then return end
  write(label)
  if label then print(what .. ' label set to "' .. label .. '"') else print(what .. ' label cleared') end
end

local command = args[1]
if command == 'get' and #args <= 2 then
  get(args[2])
elseif command == 'set' and #args == 2 then
  set(nil, args[2])
elseif command == 'set' and #args > 2 then
  set(args[2], table.concat(args, ' ', 3))
elseif command == 'clear' and #args <= 2 then
  set(args[2], nil)
else
  print('Usages:')
  for _, usage in ipairs({ 'get', 'get <drive>', 'set <text>', 'set <drive> <text>', 'clear', 'clear <drive>' }) do
    print('label ' .. usage)
  end
end
