-- copy (cp): copies files matching a path (wildcards * and ?) to a destination; into it when it is a folder.

local args = { ... }
if #args < 2 then
  print('Usage: cp <source> <destination>')
  return
end
local sources = fs.find(shell.resolve(args[1]))
local destination = shell.resolve(args[2])
if #sources == 0 then
  printError('No matching files')
  return
end
if #sources > 1 and not fs.isDir(destination) then
  printError('Cannot overwrite file multiple times')
  return
end
for _, source in ipairs(sources) do
  local target = fs.isDir(destination) and fs.combine(destination, fs.getName(source)) or destination
  if fs.exists(target) then
    printError('Destination exists')
  else
    local ok, err = pcall(fs.copy, source, target)
    if not ok then printError(err) end
  end
end
