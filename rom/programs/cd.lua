-- cd: changes the shell's current folder.

local args = { ... }
if #args < 1 then
  print('Usage: cd <path>')
  return
end
local target = shell.resolve(args[1])
if fs.isDir(target) then
  shell.setDir(target)
else
  print('Not a directory')
end
