-- _G, _VERSION, _ENV tricks, global access through setmetatable(_G), strict mode
print(_VERSION:match('^Lua 5%.%d$') ~= nil, _G._G == _G, _ENV == _G)
local function with_env()
  local _ENV = { print = print }
  x = 5
  print(x, _ENV.x)
end
with_env()
print(x)
setmetatable(_G, { __index = function(_, k) error('undefined variable ' .. k, 2) end, __newindex = function(t, k, v) rawset(t, k, v) end })
print(pcall(function() return undefined_thing end))
defined_later = 1
print(defined_later)
setmetatable(_G, nil)
print(rawequal(_G, _ENV), type(_G.print), next({}, nil))
local count = 0
for k in pairs(_G) do count = count + 1 end
print(count > 10)
