-- a tail call of debug.traceback and debug.getinfo keeps the caller's frame, as Lua's C functions do
local function tb() return debug.traceback('t') end
print(tb())
local function where() return debug.getinfo(1, 'l').currentline end
print(where())
