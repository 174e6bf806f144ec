-- lua 5.4 only: Lua 5.3 differs (messages, 32-bit integers): error messages of calling nil: global, field, method, local, upvalue
local t = { sub = {} }
local f
print(pcall(function() undefined_function() end))
print(pcall(function() t.missing() end))
print(pcall(function() t.sub.deep() end))
print(pcall(function() t:method() end))
print(pcall(function() f() end))
print(pcall(function() local g; g() end))
print(pcall(function() ('x')() end))
print(pcall(function() (1)() end))
print(pcall(function() t[1]() end))
print(pcall(function() string.nope() end))
print(pcall(function() local s = 'abc'; s:nope() end))
print(pcall(function() return math.sin.x end))
local mt = setmetatable({}, { __call = 1 })
print(pcall(mt))
print(pcall(function() mt() end))
