-- lua 5.4 only: __close order and errors, __gc at collection and at the end
local function closer(name, fail)
  return setmetatable({}, { __close = function(_, e) print('close', name, e) if fail then error(fail, 0) end end })
end
do
  local a <close> = closer('a')
  local b <close> = closer('b')
  print('in block')
end
print(pcall(function()
  local c <close> = closer('c', 'close error')
  local d <close> = closer('d')
  error('body error', 0)
end))
print(pcall(function() local x <close> = 42 end))
print(pcall(function() local x <close> = nil local y <close> = false return 'nil and false ok' end))
for i = 1, 2 do
  local l <close> = closer('loop' .. i)
  if i == 1 then goto cont end
  print('body', i)
  ::cont::
end
local function early() local r <close> = closer('ret') return 'returned' end
print(early())
setmetatable({}, { __gc = function() print('gc ran') end })
collectgarbage()
collectgarbage()
print('after collect')
local keep = setmetatable({}, { __gc = function() print('gc at end') end })
print(load('local x <const> = 1; x = 2'))
print(load('local x <foo> = 1'))
