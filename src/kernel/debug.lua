-- The kernel's second prelude: the safe `debug` library over the engine's own, run right after the sandbox.
-- The preludes' functions and frames look like C ones (no locals, no upvalues, no source); none can be written.
local R = debug -- the engine's library, left by the sandbox for this chunk only
local gc_guard, loaded = R.gc_guard, R.loaded
R.gc_guard, R.loaded = nil, nil

local type, select, rawequal, running = type, select, rawequal, coroutine.running
local getinfo_raw = R.getinfo

--- Whether f belongs to a prelude: the kernel's chunks are stripped (source '=?'), runtimes are '=runtime:NAME'.
---@param f function
local function is_prelude(f)
  local s = getinfo_raw(f, 'S').source
  return s == '=?' or s:sub(1, 9) == '=runtime:'
end

--- Whether f is a Lua function the program may look into.
local function is_open(f)
  return type(f) == 'function' and getinfo_raw(f, 'S').what ~= 'C' and not is_prelude(f)
end

--- Splits the optional thread argument off: the thread (nil for the caller's own) and the rest.
local function thread_args(...)
  local co = ...
  if type(co) == 'thread' then
    if rawequal(co, running()) then return nil, true, select(2, ...) end
    return co, true, select(2, ...)
  end
  return nil, false, ...
end

--- The frame at a caller's level as it is in the engine: the wrapper itself is one level more.
local function engine_level(co, level)
  if co == nil and type(level) == 'number' and level > 0 then return level + 1 end
  return level
end

--- Whether the frame at an engine level of co (nil: this thread) runs prelude code.
local function prelude_frame(co, level)
  local t
  if co then t = getinfo_raw(co, level, 'S') else t = getinfo_raw(level + 1, 'S') end
  return t ~= nil and (t.source == '=?' or t.source:sub(1, 9) == '=runtime:')
end

--- Makes an info table of prelude code read as a C function's.
local function as_c(t, keep_func)
  if t.source then t.source, t.short_src, t.what = '=[C]', '[C]', 'C' end
  if t.linedefined then t.linedefined, t.lastlinedefined = -1, -1 end
  if t.currentline then t.currentline = -1 end
  if t.nups then t.nups, t.nparams, t.isvararg = 0, 0, true end
  t.activelines = nil
  if not keep_func then t.func = nil end
  return t
end

local safe = { traceback = R.traceback }

--- debug.getinfo([thread,] f, [what])
function safe.getinfo(...)
  local co, given, f, what = thread_args(...)
  local level = engine_level(co, f)
  local t
  if given then t = R.getinfo((...), level, what) else t = R.getinfo(level, what) end
  if t == nil then return nil end
  if type(f) == 'function' then
    if not is_open(f) and is_prelude(f) then as_c(t, true) end
    return t
  end
  if level > 0 and prelude_frame(co, level) then as_c(t, false) end
  if t.namewhat and level > 0 and prelude_frame(co, level + 1) then t.name, t.namewhat = nil, '' end
  return t
end

--- debug.getlocal([thread,] f, local)
function safe.getlocal(...)
  local co, given, f, n = thread_args(...)
  if type(f) == 'function' then
    if not is_open(f) then return nil end
    return R.getlocal(f, n)
  end
  local level = engine_level(co, f)
  local name, value
  if given then name, value = R.getlocal((...), level, n) else name, value = R.getlocal(level, n) end
  if name == nil or prelude_frame(co, level) then return nil end
  return name, value
end

--- debug.setlocal([thread,] level, local, value)
function safe.setlocal(...)
  local co, given, level, n, value = thread_args(...)
  level = engine_level(co, level)
  if type(level) == 'number' and level > 0 and prelude_frame(co, level) then return nil end
  if given then return R.setlocal((...), level, n, value) end
  return R.setlocal(level, n, value)
end

--- debug.getupvalue(f, up): nothing for the preludes' functions (they read as C functions without upvalues).
function safe.getupvalue(f, n)
  if type(f) == 'function' and is_prelude(f) then return nil end
  return R.getupvalue(f, n)
end

--- debug.setupvalue(f, up, value): Lua functions of the program only.
function safe.setupvalue(f, n, value)
  if type(f) == 'function' and not is_open(f) then return nil end
  return R.setupvalue(f, n, value)
end

--- debug.upvalueid(f, n)
function safe.upvalueid(f, n)
  if type(f) == 'function' and is_prelude(f) then return nil end
  return R.upvalueid(f, n)
end

--- debug.upvaluejoin(f1, n1, f2, n2): both Lua functions of the program.
function safe.upvaluejoin(f1, n1, f2, n2)
  if type(f1) == 'function' and not is_open(f1) then error("bad argument #1 to 'upvaluejoin' (Lua function expected)", 2) end
  if type(f2) == 'function' and not is_open(f2) then error("bad argument #3 to 'upvaluejoin' (Lua function expected)", 2) end
  return R.upvaluejoin(f1, n1, f2, n2)
end

safe.getmetatable, safe.getuservalue, safe.setuservalue = R.getmetatable, R.getuservalue, R.setuservalue

--- debug.setmetatable(value, mt): finalizers go through the sandbox's queue, as with setmetatable.
function safe.setmetatable(value, mt)
  if type(mt) == 'table' and mt.__gc ~= nil and (type(value) == 'table' or type(value) == 'userdata') then
    return gc_guard(R.setmetatable, value, mt)
  end
  return R.setmetatable(value, mt)
end

debug = safe
loaded.debug = safe -- require 'debug'
local package = rawget(_G, 'package')
if type(package) == 'table' and type(package.loaded) == 'table' then package.loaded.debug = safe end
