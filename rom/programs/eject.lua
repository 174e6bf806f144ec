-- eject: ejects the disk from the disk drive on a side (or of a name).

local args = { ... }
if #args < 1 then
  print('Usage: ' .. arg[0] .. ' <drive>')
  return
end
local side = args[1]
if disk.isPresent(side) then
  disk.eject(side)
else
  print('Nothing in ' .. side .. ' drive')
end
