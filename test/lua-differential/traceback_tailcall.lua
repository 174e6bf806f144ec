-- tracebacks through tail calls and library functions
local s = 'hello'
local function m(p) return s:match(p) end
local function f(p) local r = s:match(p) return r end
print(pcall(m, nil))
print(pcall(f, nil))
print(pcall(m, '('))
print(pcall(f, '(x'))
local function g() return string.rep('x', -1, {}) end
print(pcall(g))
local function tb2() local t = debug.traceback('t2') return t end
print(tb2())
print(pcall(function() return s:rep(nil) end))
print(pcall(function() return ('x'):format() end))
print(pcall(function() return s:sub() end))
print(pcall(function() return s.upper() end))
