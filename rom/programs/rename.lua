-- rename: renames (moves) one file or folder; the destination must not exist.

local args = { ... }
if #args < 2 then
  print('Usage: ' .. arg[0] .. ' <source> <destination>')
  return
end
local source, destination = shell.resolve(args[1]), shell.resolve(args[2])
if not fs.exists(source) then
  printError('No matching files')
elseif fs.isDriveRoot(source) then
  printError("Can't rename mounts")
elseif fs.isReadOnly(source) then
  printError('Source is read-only')
elseif fs.exists(destination) then
  printError('Destination exists')
elseif fs.isReadOnly(destination) then
  printError('Destination is read-only')
else
  local ok, err = pcall(fs.move, source, destination)
  if not ok then printError(err) end
end
