-- mkdir: makes folders (and the folders above them).

local args = { ... }
if #args < 1 then
  print('Usage: mkdir <paths>')
  return
end
for _, name in ipairs(args) do
  local path = shell.resolve(name)
  if fs.exists(path) and not fs.isDir(path) then
    printError(name .. ': Destination exists')
  elseif fs.isReadOnly(path) then
    printError(name .. ': Access denied')
  else
    fs.makeDir(path)
  end
end
