-- Finalizers (a kernel chunk, loaded by the first setmetatable with a __gc field). Lua runs __gc with hooks off,
-- where no preemption can reach it. So an object is never marked for Lua's own finalization; a guard (a table
-- with a tiny __gc of its own) is collected with it and queues it, and a task of the process runs the queued
-- finalizers as ordinary, preemptible code. At the process's end the kernel runs all that are left, as lua_close.
---@type function, function, function, function, function, function, function, function, function
local raw_setmetatable, raw_getmetatable, sys_spawn, sys_finalizer, flush, c_remove, pause, can_pause, gone = ...
local rawget, type, error, next, sort = rawget, type, error, next, table.sort
local raw_rawset, raw_pcall, running = rawset, pcall, coroutine.running
--- The queue: pending[first_pending .. last_pending] (the table is never replaced, so a guard's __gc that runs while
--- it is being emptied adds to it safely).
local pending, first_pending, last_pending, finalizing = {}, 1, 0, false
--- The thread running a finalizer now (there, as in Lua, the collector cannot be called: collectgarbage is false).
local finalizer_thread = nil
--- Each finalizable object's guard { object, order of marking }, held only through the object (an ephemeron).
local guards = raw_setmetatable({}, { __mode = 'k' })
--- Objects marked so far; and, once the process ends, no more are (as Lua's lua_close).
local marked, ended = 0, false

--- Queues an object for its finalizer.
local function enqueue(o)
  last_pending = last_pending + 1
  pending[last_pending] = o
end

--- The thread running the queue now. One runs it at a time: a finalizer may be preempted or block, and a second
--- runner (the finalizer task and a collectgarbage) would take entries from under it; a caller meanwhile waits
--- for it (so that collectgarbage returns after the finalizers ran), or leaves the queue to it where it cannot wait.
--- A thread becomes the runner by taking the token in `free` with table.remove (a C function: no preemption between
--- its test and its take, so two tasks never both do), and gives it back when the queue is empty.
local runner, free = nil, { true }

--- Runs the queued finalizers, in the order Lua would (the reverse of marking), each with its error ignored (and
--- `after` called after each).
---@param after? function
local function run_finalizers(after)
  local me = running()
  local nested = runner == me -- a finalizer that collects: the outer call goes on with the queue
  if not nested then
    while not c_remove(free) do
      local other = runner
      if other and gone(other) then break end -- it failed while it ran the queue: the token is lost with it
      if not can_pause() then return end
      pause()
    end
    runner = me
  end
  while true do
    local o = pending[first_pending]
    if o == nil then break end
    pending[first_pending], first_pending = nil, first_pending + 1
    guards[o] = nil
    local mt = raw_getmetatable(o)
    local gc = type(mt) == 'table' and rawget(mt, '__gc')
    if gc then
      local outer = finalizer_thread
      finalizer_thread = running()
      raw_pcall(gc, o)
      finalizer_thread = outer
      if after then after() end
    end
  end
  if nested then return end
  runner = nil
  free[1] = true
end

--- The finalizer task's body.
local function finalizer_task()
  run_finalizers(nil)
  finalizing = false
end

--- The kernel's call at the process's end: the queued finalizers, then those of every object still marked, the
--- last marked first, as lua_close calls them; objects marked from here on are not finalized. What each writes is
--- written out after it, so that a later one killed at the yield limit does not lose it.
local function run_at_end()
  ended = true
  runner, free[1] = nil, true -- the process's other tasks are gone: a runner preempted in the middle left the rest here
  local rest = {}
  for _, guard in next, guards do
    if not guard.queued then rest[#rest + 1] = guard end
  end
  sort(rest, function(a, b) return a[2] > b[2] end)
  for i = 1, #rest do enqueue(rest[i][1]) end
  run_finalizers(flush)
end

--- A guard's finalizer (run by Lua's collector, hooks off): queues the object and starts the finalizer task.
local GUARD = {
  __gc = function(guard)
    if ended then return end
    guard.queued = true -- resurrected with its object, it stays in guards until the finalizer runs
    enqueue(guard[1])
    if not finalizing and raw_pcall(sys_spawn, finalizer_task) then finalizing = true end
  end,
}

--- Sets mt (which has a __gc field) on value with `set`, the object left unmarked and guarded instead; an error
--- (a protected metatable) is raised at `level`.
---@param set function
---@param value table|userdata
---@param mt table
---@param level integer
local function gc_guard(set, value, mt, level)
  local gc = rawget(mt, '__gc')
  raw_rawset(mt, '__gc', nil)
  local ok, err = raw_pcall(set, value, mt)
  raw_rawset(mt, '__gc', gc)
  if not ok then error(err, level) end
  if guards[value] == nil and not ended then
    marked = marked + 1
    guards[value] = raw_setmetatable({ value, marked }, GUARD)
  end
  return value
end

sys_finalizer(run_at_end)

return {
  run = run_finalizers,
  guard = gc_guard,
  pending = function() return first_pending <= last_pending end,
  in_finalizer = function() return finalizer_thread ~= nil and finalizer_thread == running() end,
}
