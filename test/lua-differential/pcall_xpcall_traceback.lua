-- pcall/xpcall with handlers and tracebacks
local function boom() error('boom') end
local function mid() boom() end
print(xpcall(mid, function(m) return 'handled: ' .. m end))
print(xpcall(mid, debug.traceback))
print(xpcall(function(a, b) return a + b end, print, 2, 3))
print(pcall(xpcall))
print(pcall(xpcall, print))
print(xpcall(error, function(m) return type(m) end))
print(xpcall(mid, function(m) error('again') end))
print(debug.traceback('msg'))
print(debug.traceback('msg', 2))
print(debug.traceback(42), debug.traceback(nil), debug.traceback({}) ~= nil)
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, 'hi'))
print(pcall(pcall))
print(pcall(pcall, pcall, error, 'x'))
