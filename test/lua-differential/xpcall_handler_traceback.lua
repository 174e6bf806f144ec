-- xpcall handlers that return debug.traceback (a tail call) at levels 1 and 2
local function f() error('oops') end
print(xpcall(f, function(e) return debug.traceback(e, 2) end))
print(xpcall(f, function(e) return debug.traceback(e) end))
print(xpcall(f, function(e) return debug.traceback(e, 1) end))
local function g() local x = nil; return x.y end
print(xpcall(g, function(e) return debug.traceback(e, 2) end))
