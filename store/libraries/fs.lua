-- The file system for native programs: `local fs = require 'fs'`, thin functions over the fs native context
-- (docs/devices.md, "File system"). Errors are raised at the caller in the file system's words.

local call, pull, unpack = os.call, os.pull, table.unpack

--- Calls fs.NAME on context 0 and returns its values, or raises its error at the caller's caller.
---@param name string
---@return any ...
local function rpc(name, ...)
  local answer = pull({ type = 'answer', cid = call(0, 'fs.' .. name, ...) })
  local args = answer.args
  if answer.status == 0 then return unpack(args, 1, args.n) end
  error(args[1] or os.status[answer.status], 3)
end

local fs = {}

for _, name in ipairs({
  'list', 'exists', 'isDir', 'isReadOnly', 'getSize', 'getFreeSpace', 'getCapacity', 'getDrive', 'attributes',
  'makeDir', 'delete', 'move', 'copy', 'find', 'getName', 'getDir', 'combine',
}) do
  fs[name] = function(...) return rpc(name, ...) end
end

local File = {}
File.__index = File

for _, name in ipairs({ 'read', 'readLine', 'readAll', 'write', 'writeLine', 'seek', 'flush', 'close' }) do
  File[name] = function(self, ...) return rpc(name, self.id, ...) end
end

--- Opens a file: a file object (methods read, readLine, readAll, write, writeLine, seek, flush, close),
--- or nil and the reason, as CraftOS's fs.open.
---@param path string
---@param mode? string 'r', 'w', 'a', 'r+', 'w+', 'a+', each with 'b'
---@return table|nil file
---@return string|nil why
function fs.open(path, mode)
  local answer = pull({ type = 'answer', cid = call(0, 'fs.open', path, mode) })
  if answer.status == 0 then return setmetatable({ id = answer.args[1] }, File) end
  if answer.status ~= os.status.ERROR then error(answer.args[1], 2) end
  return nil, answer.args[1]
end

return fs
