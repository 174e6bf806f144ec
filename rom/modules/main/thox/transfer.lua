-- thox.transfer: what the copy and move programs share: files matching a path (wildcards * and ?) go to a
-- destination, into it when it is a folder, with CraftOS's messages.

---Copies or moves the files the program's arguments name.
---@param args string[] the program's arguments: source (may hold * and ?) and destination
---@param usage string the usage line shown when an argument is missing
---@param operation fun(from: string, to: string) fs.copy or fs.move
return function(args, usage, operation)
  if #args < 2 then
    print(usage)
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
  local moving = operation == fs.move
  for _, source in ipairs(sources) do
    local target = fs.isDir(destination) and fs.combine(destination, fs.getName(source)) or destination
    if moving and fs.isDriveRoot(source) then
      printError('Cannot move mount /' .. source)
    elseif moving and fs.isReadOnly(source) then
      printError('Cannot move read-only file /' .. source)
    elseif fs.exists(target) then
      printError('Destination exists')
    elseif fs.isReadOnly(target) then
      printError('Destination is read-only')
    else
      local ok, err = pcall(operation, source, target)
      if not ok then printError(err) end
    end
  end
end
