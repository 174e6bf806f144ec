-- drive: the drive a path is on (default: the current folder) and the space left on it.

local args = { ... }
local path = shell.resolve(args[1] or '')

--- A count of bytes as CC shows it: in B, KB or MB (powers of 1000), one decimal.
---@param bytes number
---@return string
local function size(bytes)
  if bytes >= 1000 * 1000 then return ('%.1fMB'):format(bytes / (1000 * 1000)) end
  if bytes >= 1000 then return ('%.1fKB'):format(bytes / 1000) end
  return ('%dB'):format(bytes)
end

if fs.exists(path) then
  print(fs.getDrive(path) .. ' (' .. size(fs.getFreeSpace(path)) .. ' remaining)')
else
  print('No such path')
end
