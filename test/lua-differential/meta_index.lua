-- __index/__newindex chains, rawget/rawset, inheritance
local Base = {}
Base.__index = Base
function Base.new(x) return setmetatable({ x = x }, Base) end
function Base:get() return self.x end
local Derived = setmetatable({}, { __index = Base })
Derived.__index = Derived
function Derived.new(x) return setmetatable(Base.new(x), Derived) end
function Derived:twice() return self:get() * 2 end
local d = Derived.new(21)
print(d:get(), d:twice(), rawget(d, 'get'), getmetatable(d) == Derived)
local log = {}
local proxy = setmetatable({}, {
  __index = function(t, k) return k .. '!' end,
  __newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end,
})
print(proxy.foo, proxy[1])
proxy.a = 1
proxy.a = 2
print(proxy.a, table.concat(log, ','))
local deep = setmetatable({}, { __index = setmetatable({}, { __index = setmetatable({}, { __index = { z = 'deep' } }) }) })
print(deep.z, deep.w)
local ro = setmetatable({}, { __newindex = function() error('read-only table', 2) end })
print(pcall(function() ro.x = 1 end))
print(getmetatable('abc').__index == string, getmetatable(setmetatable({}, { __metatable = 'locked' })))
print(pcall(setmetatable, setmetatable({}, { __metatable = 1 }), {}))
print(pcall(setmetatable, {}, 1), pcall(setmetatable, 1, {}))
local loop = setmetatable({}, {})
getmetatable(loop).__index = loop
print(pcall(function() return loop.x end))
