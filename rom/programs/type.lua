-- type: says whether a path is a file or a directory.

local args = { ... }
if #args < 1 then
  print('Usage: type <path>')
  return
end
local path = shell.resolve(args[1])
if not fs.exists(path) then
  print('No such path')
elseif fs.isDir(path) then
  print('directory')
else
  print('file')
end
