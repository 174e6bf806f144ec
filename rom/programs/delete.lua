-- delete (rm): deletes files and folders; each argument may hold the wildcards * and ?.

local args = { ... }
if #args < 1 then
  print('Usage: ' .. arg[0] .. ' <paths>')
  return
end
for _, name in ipairs(args) do
  local files = fs.find(shell.resolve(name))
  if #files == 0 then printError(name .. ': No matching files') end
  for _, file in ipairs(files) do
    if fs.isDriveRoot(file) then
      printError('Cannot delete mount /' .. file)
      print('To delete its contents run ' .. arg[0] .. ' /' .. fs.combine(file, '*'))
    elseif fs.isReadOnly(file) then
      printError('Cannot delete read-only file /' .. file)
    else
      local ok, err = pcall(fs.delete, file)
      if not ok then printError((err:gsub('^pcall: ', ''))) end
    end
  end
end
