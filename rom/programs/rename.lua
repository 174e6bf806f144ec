-- rename: renames (moves) one file or folder; the destination must not exist.

local args = { ... }
if #args < 2 then
  print('Usage: rename <source> <destination>')
  return
end
local source, destination = shell.resolve(args[1]), shell.resolve(args[2])
if not fs.exists(source) then
  printError('No matching files')
elseif fs.exists(destination) then
  printError('Destination exists')
else
  local ok, err = pcall(fs.move, source, destination)
  if not ok then printError(err) end
end
