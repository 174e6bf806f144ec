-- The safe `debug` library over the engine's own, a kernel chunk the sandbox runs on a program's first use of it.
-- The preludes' functions and frames look like C ones (no locals, no upvalues, no source); none can be written.
-- the engine's library, the table the program holds, the sandbox's __gc guard, the kernel's sys.sethook and
-- sys.prelude_frames, and the sandbox's as_c and raise_c (a wrapper given as a C function, and its errors)
---@type table, table, function, function, function, function, function
local R, safe, gc_guard, host_sethook, prelude_frames, c_function, raise_c = ...

local type, select, rawequal, running, error = type, select, rawequal, coroutine.running, error
local traceback, c_gsub = R.traceback, string.gsub
local raw_running = running
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

--- Raises argument error i of the program's debug.NAME (its caller is two levels up), named as Lua names it: as the
--- call names it, or 'debug.NAME' when called from C (pcall).
---@param name string
---@param i integer
---@param why string
local function fail(name, i, why)
  local ar = getinfo_raw(2, 'n')
  error(("bad argument #%d to '%s' (%s)"):format(i, ar and ar.name or 'debug.' .. name, why), 3)
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

--- Hook threads (where a hook function runs) and the thread each one's hook fired in.
local hosts = setmetatable({}, { __mode = 'k' })

--- In a hook function: the hooked thread and the level, as the caller of this sees it, of the hook function's
--- frame (the one above the dispatcher, which is at the bottom of the hook thread). Nil elsewhere.
---@return thread?, integer?
local function hook_frame()
  local host = hosts[running()]
  if host == nil then return nil end
  local bottom = 2 -- frames seen from here: hook_frame, its caller..., the hook function, the dispatcher
  while getinfo_raw(bottom + 1, '') do bottom = bottom + 1 end
  return host, bottom - 2
end

--- Where a level of the wrapper's caller is: the thread (nil: this one) and the level as the wrapper sees it
--- (one more, for the wrapper's own frame). In a hook function, levels past the hook thread's own frames go on
--- in the hooked thread, as if the hook were called on top of it (level 2 is the function the hook fired in).
---@param co thread?
---@param level any
local function locate(co, level)
  if co ~= nil or type(level) ~= 'number' or level <= 0 then return co, level end
  local host, hook = hook_frame() -- the hook function's level as the wrapper's caller sees it is hook - 2
  if host == nil or level <= hook - 2 then return nil, level + 1 end
  return host, level - hook + 1
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


--- debug.getinfo([thread,] f, [what])
function safe.getinfo(...)
  if select('#', ...) == 0 then fail('getinfo', 1, 'number expected, got no value') end
  local co, given, f, what = thread_args(...)
  if type(what) == 'string' and what:byte(1) == 62 then -- '>' (Lua 5.3's engine would take a function off its stack)
    fail('getinfo', given and 3 or 2, "invalid option '>'")
  end
  local level
  co, level = locate(co, f)
  local t
  if co then t = R.getinfo(co, level, what)
  elseif given then t = R.getinfo((...), level, what)
  else t = R.getinfo(level, what) end
  if t == nil then return nil end
  if t.what == 'J' then t.what, t.source, t.short_src = 'C', '=[C]', '[C]' end -- fengari's JavaScript functions are its C ones
  if type(f) == 'function' then
    if not is_open(f) and is_prelude(f) then as_c(t, true) end
    return t
  end
  if (co or level > 0) and prelude_frame(co, level) then as_c(t, false) end
  if t.namewhat and (co or level > 0) and prelude_frame(co, level + 1) then t.name, t.namewhat = nil, '' end
  if t.namewhat and not co and level == select(2, hook_frame()) then t.name, t.namewhat = '?', 'hook' end
  return t
end

--- debug.getlocal([thread,] f, local)
function safe.getlocal(...)
  if select('#', ...) < 2 then fail('getlocal', 2, 'number expected, got no value') end
  local co, given, f, n = thread_args(...)
  if type(f) == 'function' then
    if not is_open(f) then return nil end
    return R.getlocal(f, n)
  end
  local level
  co, level = locate(co, f)
  local name, value
  if co then name, value = R.getlocal(co, level, n)
  elseif given then name, value = R.getlocal((...), level, n)
  else name, value = R.getlocal(level, n) end
  if name == nil or prelude_frame(co, level) then return nil end
  return name, value
end

--- debug.setlocal([thread,] level, local, value)
function safe.setlocal(...)
  local co, given, level, n, value = thread_args(...)
  co, level = locate(co, level)
  if type(level) == 'number' and (co or level > 0) and prelude_frame(co, level) then return nil end
  if co then return R.setlocal(co, level, n, value) end
  if given then return R.setlocal((...), level, n, value) end
  return R.setlocal(level, n, value)
end

--- Whether f's upvalues are hidden: a prelude's function, or a C closure of the kernel's, which holds one (io.write's
--- sink holds the sandbox's fallback, and sys.as_c's the wrapper it calls). The engine's own C closures (a gmatch
--- iterator) show their upvalues, as in Lua.
local function is_closed(f)
  if type(f) ~= 'function' then return false end
  local what = getinfo_raw(f, 'S').what -- 'C' ('J' for fengari's JavaScript functions), 'Lua' or 'main'
  if what == 'Lua' or what == 'main' then return is_prelude(f) end
  for i = 1, math.huge do
    local name, v = R.getupvalue(f, i)
    if name == nil then return false end
    if type(v) == 'function' and is_prelude(v) then return true end
  end
end

--- debug.getupvalue(f, up): nothing for the preludes' functions and C functions (they read as without upvalues).
function safe.getupvalue(...)
  if select('#', ...) < 2 then fail('getupvalue', 2, 'number expected, got no value') end
  local f = ...
  if is_closed(f) then return end -- as Lua's for a function without that upvalue: no value at all
  return R.getupvalue(...)
end

--- debug.setupvalue(f, up, value): Lua functions of the program only.
function safe.setupvalue(f, n, value)
  if type(f) == 'function' and not is_open(f) then return end -- as Lua's for a function without that upvalue
  return R.setupvalue(f, n, value)
end

--- debug.upvalueid(f, n)
function safe.upvalueid(f, n)
  if is_closed(f) then return nil end
  return R.upvalueid(f, n)
end

--- debug.upvaluejoin(f1, n1, f2, n2): both Lua functions of the program (a prelude's has no upvalues, as C's).
function safe.upvaluejoin(f1, n1, f2, n2)
  if type(f1) == 'function' and is_prelude(f1) then fail('upvaluejoin', 2, 'invalid upvalue index') end
  if type(f2) == 'function' and is_prelude(f2) then fail('upvaluejoin', 4, 'invalid upvalue index') end
  return R.upvaluejoin(f1, n1, f2, n2)
end

safe.getmetatable, safe.getuservalue, safe.setuservalue = R.getmetatable, R.getuservalue, R.setuservalue

--- debug.setmetatable(value, mt): finalizers go through the sandbox's queue, as with setmetatable.
function safe.setmetatable(value, mt)
  if type(mt) == 'table' and mt.__gc ~= nil and (type(value) == 'table' or type(value) == 'userdata') then
    local r = gc_guard(R.setmetatable, value, mt)
    return r
  end
  return R.setmetatable(value, mt)
end


--- The frames of a traceback in a hook function as Lua shows them: the dispatcher's frame (the last) is cut, the
--- hook function's (now the last) reads `hook '?'` when it has no global name, and the hooked thread's frames follow.
---@param frames string
---@param host thread
local function hooked_frames(frames, host)
  frames = c_gsub(frames, '\n\t[^\n]*$', '', 1)
  frames = c_gsub(frames, "(\n\t[^\n]*: in )function <[^\n]*>$", "%1hook '?'", 1)
  return frames .. traceback(host, nil, 0):sub(#'stack traceback:' + 1)
end

--- debug.traceback as Lua's, the preludes' frames shown as the C functions they stand for (their bytecode is
--- stripped, which Lua shows as `?`; the kernel shows them in error reports the same way). The program gets it as a
--- C function (the sandbox's as_c), so a tail call into it keeps the caller's frame, as Lua's; levels count from that C frame:
--- the engine's level n + 2 is the program's n (past this wrapper and the C frame, which at level 0 stands for
--- debug.traceback itself).
---@param ... any [thread,] [message [, level]]
---@return any
safe.traceback = c_function(function(...)
  local co, msg, level = ...
  if type(co) ~= 'thread' then co, msg, level = nil, ... end
  if co == raw_running() then co = nil end -- this thread: levels count from the caller, as without one
  if msg ~= nil and type(msg) ~= 'string' and type(msg) ~= 'number' then return msg end
  local n = level == nil and (co and 0 or 1) or math.tointeger(level)
  if not n then
    local why = type(level) == 'number' and 'number has no integer representation' or 'number expected, got ' .. type(level)
    raise_c('debug.traceback', ("bad argument #%d to '?' (%s)"):format(co and 3 or 2, why))
  end
  local host, hook = nil, nil
  if not co then host, hook = hook_frame() end
  if host and n + 1 >= hook then co, n, host = host, n + 1 - hook, nil end -- past the hook function: the hooked thread's
  local t
  if co then t = traceback(co, msg, n)
  elseif n >= 0 then t = traceback(msg, n + 2)
  else t = traceback(msg, n) end
  local head = msg ~= nil and #tostring(msg) + 1 or 0 -- the message is not touched: only frames are renamed
  local frames = t:sub(head + 1)
  if host then frames = hooked_frames(frames, host) end
  return t:sub(1, head) .. prelude_frames(frames)
end)


---------------------------------------------------------------------------------------------------
-- Hooks: the kernel keeps its own count hook on every thread; a program's hook is layered over it
-- (src/vm/user-hooks.ts) and called through dispatch, in a helper thread of its own.
---------------------------------------------------------------------------------------------------

--- Each thread's hook as the program set it: function, mask, count (for gethook).
local hooks = setmetatable({}, { __mode = 'k' })
--- Threads in `hooks`, and how many there were after the last sweep.
local hooked, swept = 0, 0
local co_status = coroutine.status

--- The sweep's token: one task sweeps at a time (taken by table.remove, a C function: no preemption between its test
--- and its take), and one that finds it taken leaves the sweep to that one.
local sweeping, c_remove = { true }, table.remove

--- Removes the hooks of threads that have ended, here and in the kernel (which keeps them by thread): a program that
--- hooks many short coroutines does not make it hold them all. The traversal changes nothing (the tasks of the
--- process share `hooks`, and a key removed under a preempted traversal would fail its next step once the table grew).
local function sweep()
  if not c_remove(sweeping) then return end
  local dead, alive = {}, 0
  for co in next, hooks do
    if co_status(co) == 'dead' then dead[#dead + 1] = co else alive = alive + 1 end
  end
  for i = 1, #dead do
    hooks[dead[i]] = nil
    host_sethook(dead[i], nil, 0, 0)
  end
  hooked, swept = alive, alive
  sweeping[1] = true
end

--- Whether a frame of co is the preludes' own: itself (a line of a prelude), or a C function a prelude called.
local function hidden_event(co, event)
  local t = getinfo_raw(co, 0, 'S')
  if t == nil then return false end
  local own = t.source == '=?' or t.source:sub(1, 9) == '=runtime:'
  if event == 'line' or event == 'count' then return own end
  if not own and t.what ~= 'C' and t.what ~= 'J' then return false end -- 'J': fengari's JavaScript functions
  local caller = getinfo_raw(co, 1, 'S')
  return caller ~= nil and (caller.source == '=?' or caller.source:sub(1, 9) == '=runtime:')
end

--- Runs a hook function for the hooked thread co (called by the engine in a new helper thread). Events inside
--- the preludes are not shown: their functions are the program's C functions.
local function dispatch(co, f, event, line)
  if hidden_event(co, event) then return end
  hosts[running()] = co
  f(event, line)
  hosts[running()] = nil
end

--- The thread a sethook/gethook without a thread means: the caller's, or in a hook function the hooked one.
local function own_thread()
  local co = running()
  return hosts[co] or co
end

--- debug.sethook([thread,] hook, mask [, count]); with no arguments, turns the hook off.
function safe.sethook(...)
  local co, given, f, mask, count = thread_args(...)
  co = co or (given and running()) or own_thread()
  if f == nil then
    hooks[co] = nil
    host_sethook(co, nil, 0, 0)
    sweep()
    return
  end
  local first = given and 2 or 1 -- the hook's argument number; Lua checks the mask first, then the hook
  if type(mask) ~= 'string' then
    fail('sethook', first + 1, 'string expected, got ' .. (select('#', ...) <= first and 'no value' or type(mask)))
  end
  if type(f) ~= 'function' then fail('sethook', first, 'function expected, got ' .. type(f)) end
  count = math.tointeger(count or 0) or fail('sethook', first + 2, 'number has no integer representation')
  local bits = (mask:find('c', 1, true) and 1 or 0) | (mask:find('r', 1, true) and 2 or 0) | (mask:find('l', 1, true) and 4 or 0)
  if count < 0 then count = 0 end
  if bits == 0 and count == 0 then
    hooks[co] = nil
  else
    if hooks[co] == nil then
      hooked = hooked + 1
      if hooked > 2 * swept + 16 then sweep() end -- when their number has doubled: a constant cost per hook
    end
    hooks[co] = { f, mask, count }
  end
  host_sethook(co, f, bits, count, dispatch)
end

--- debug.gethook([thread]): the hook function, its mask and count, or nothing when none is set.
function safe.gethook(co)
  if type(co) ~= 'thread' then co = nil end -- as Lua's: anything but a thread means the caller's
  local h = hooks[co or own_thread()]
  if h == nil then return nil end
  local mask = (h[2]:find('c', 1, true) and 'c' or '') .. (h[2]:find('r', 1, true) and 'r' or '') .. (h[2]:find('l', 1, true) and 'l' or '')
  return h[1], mask, h[3]
end
