-- The kernel's prelude, run first in every new process: builds the sandboxed native environment
-- (no host access) and the wrapped coroutine library that carries preemptions and system calls up to the kernel.
local sys = sys
_G.sys = nil

local pack, unpack, select, type, error, rawget = table.pack, table.unpack, select, type, error, rawget
local raw_create, raw_resume, raw_yield = coroutine.create, coroutine.resume, coroutine.yield
local raw_status, raw_isyieldable, raw_close = coroutine.status, coroutine.isyieldable, coroutine.close
local raw_load, raw_setmetatable, raw_collect = load, setmetatable, collectgarbage
local raw_getmetatable = debug.getmetatable
local process_env = _G

--- The private value a forwarding yield carries up the chain of user coroutines to the kernel.
local FORWARD = {}
local constants = sys.constants() -- status codes, the share key and messages: defined once, in the kernel
local CANNOT_BLOCK, PATTERN_STUCK = constants.cannot_block, constants.pattern_stuck

local raw_getinfo, c_match, math_type = debug.getinfo, string.match, math.type

--- Wrappers of C library functions that the program gets as C functions (sys.as_c), so that a call, even a tail
--- call (`return s:match(p)`), keeps the caller's frame as a call of Lua's C function does.
local under_c, sys_as_c = raw_setmetatable({}, { __mode = 'k' }), sys.as_c
---@param f function
---@return function
local function as_c(f)
  under_c[f] = true
  return sys_as_c(f)
end

--- Raises the error of a C library function (or the host's matcher) that a wrapper below called, as Lua would had
--- the program called the function itself: at the program's line, the function named as the program called it
--- (its name in the call; `qualified`, as 'string.rep', when called from C such as pcall), and a method call's
--- self not counted. The wrapper is `depth` levels up (1: it called this), and it was not tail-called.
---@param qualified string
---@param msg any
---@param depth? integer
local function raise_c(qualified, msg, depth)
  depth = depth or 1
  if under_c[raw_getinfo(1 + depth, 'f').func] then depth = depth + 1 end -- the C frame that stands for it is the call
  if type(msg) ~= 'string' then error(msg, 0) end
  if msg == PATTERN_STUCK then
    -- a runtime that set a watchdog words "too long" itself (CraftOS's, without a position, as CC gives none)
    local words = sys.watchdog_message()
    if words then error(words, 0) end
  end
  local n, why = c_match(msg, "^bad argument #(%d+) to '[^']*' (.*)$")
  if n then
    local ar = raw_getinfo(1 + depth, 'n')
    local name, i = ar and ar.name, tonumber(n)
    if ar and ar.namewhat == 'method' then
      i = i - 1
      if i == 0 then error(("calling '%s' on bad self %s"):format(name, why), 2 + depth) end
    end
    msg = ('bad argument #%d to \'%s\' %s'):format(i, name or qualified, why)
  end
  error(msg, 2 + depth)
end

---------------------------------------------------------------------------------------------------
-- Coroutines: a hook-yield or a blocking system call deep inside user coroutines reaches the
-- kernel, and the kernel's answer travels back down to the exact place that was interrupted.
---------------------------------------------------------------------------------------------------

local stop_if_killed = sys.stop_if_killed

--- coroutine.resume with the standard results; preemptions and system calls pass through it:
--- a child that was hook-yielded (marked by the kernel) or that yields FORWARD is not a user yield,
--- so the yield is passed up to our own resumer and the child resumed with what comes back down.
---@param co thread
---@return boolean ok
---@return any ...
local function resume(...)
  local co = ...
  if type(co) ~= 'thread' then raise_c('coroutine.resume', select(2, pcall(raw_resume, ...))) end
  local r = pack(raw_resume(...))
  while r[1] and raw_status(co) == 'suspended' do
    local preempted = sys.preempted(co)
    if not preempted and not (r.n == 2 and r[2] == FORWARD) then break end
    if raw_isyieldable() then
      r = pack(raw_resume(co, raw_yield(FORWARD)))
    elseif sys.cancel() then
      error(CANNOT_BLOCK, 2)
    else
      sys.defer() -- inside a C call the preemption cannot pass: the kernel counts it and may kill
      r = pack(raw_resume(co))
    end
  end
  if not r[1] then stop_if_killed() end -- a kill caught here does not return into the killed process
  return unpack(r, 1, r.n)
end

--- coroutine.wrap on top of the forwarding resume. As Lua's, a coroutine that died of an error is closed, and
--- the error raised is what closing it gave (a `__close` handler's own error replaces the coroutine's).
---@param f function
---@return function
local function wrap(...)
  local f = ...
  if type(f) ~= 'function' then raise_c('coroutine.wrap', select(2, pcall(raw_create, ...))) end
  local co = raw_create(f)
  return function(...)
    local r = pack(resume(co, ...))
    if r[1] then return unpack(r, 2, r.n) end
    local e = r[2]
    if raw_close and raw_status(co) == 'dead' then
      local closed, err = raw_close(co)
      if not closed then stop_if_killed() e = err end
    end
    if type(e) == 'string' then error(e, 2) end
    error(e, 0)
  end
end

local raw_running, is_root = coroutine.running, sys.is_root
--- Threads running a callback of a sandbox function that stands for a C one (string.gsub's): there, as inside
--- Lua's C function, the program cannot yield.
--- Each such thread's mark is the function that called the callback (string-slow.lua's); an error in the callback
--- leaves the mark behind, so it holds only while that function's frame is on the thread's stack.
local in_callback = raw_setmetatable({}, { __mode = 'k' })

--- Threads the kernel said are (or are not) a task's root, remembered (weakly) so each asks once.
local root_of = raw_setmetatable({}, { __mode = 'k' })

--- Whether co is a task's root thread (what the program sees as its main thread).
---@param co thread
---@return boolean
local function root(co)
  local known = root_of[co]
  if known == nil then
    known = is_root(co)
    root_of[co] = known
  end
  return known
end

--- Whether the running thread co is inside such a callback (a mark left by an error is dropped).
---@param co thread
local function in_c_callback(co)
  local caller = in_callback[co]
  if not caller then return false end
  for level = 2, math.huge do
    local t = raw_getinfo(level, 'f')
    if t == nil then
      in_callback[co] = nil
      return false
    end
    if t.func == caller then return true end
  end
end

--- coroutine.running: a task's root thread is what the program sees as its main thread.
---@return thread co
---@return boolean ismain
function coroutine.running()
  local co = raw_running()
  local known = root_of[co] -- root(co), its remembered answer read here first: runtimes call this per event
  if known == nil then known = root(co) end
  return co, known
end

--- coroutine.isyieldable: false in a task's main thread, as in a main chunk.
---@param co? thread
function coroutine.isyieldable(co)
  co = co or raw_running()
  if root(co) then return false end
  if co == raw_running() then return raw_isyieldable() and not in_c_callback(co) end
  return raw_status(co) ~= 'dead'
end

--- coroutine.close; a close whose __close handler was killed does not return into the killed process.
---@param co thread
---@return boolean ok
---@return any err
local function close(...)
  local co = ...
  if type(co) ~= 'thread' then raise_c('coroutine.close', select(2, pcall(raw_close, ...))) end
  local ok, err = raw_close(co)
  if ok then return true end -- Lua's returns one value then
  stop_if_killed()
  return false, err
end

--- coroutine.yield; a task's main thread is no coroutine to the program, as a main chunk is not in Lua.
function coroutine.yield(...)
  local co = raw_running()
  if root(co) then error('attempt to yield from outside a coroutine', 0) end
  if in_c_callback(co) then error('attempt to yield across a C-call boundary', 0) end
  return raw_yield(...)
end

coroutine.resume = resume
coroutine.wrap = wrap
if raw_close then coroutine.close = close end

--- Writes out what the process's buffers hold before the task blocks: standard output's, and every file's once io is loaded.
local flush_io

--- Turns a blocking host call into a system call: the host either answers at once (true, ...)
--- or registers the request (false), and the task yields until the kernel wakes it with the answer.
local function blocking(host)
  return function(...)
    flush_io()
    local r = pack(host(...))
    if r[1] then return unpack(r, 2, r.n) end
    if not raw_isyieldable() then
      sys.cancel()
      error(CANNOT_BLOCK, 2)
    end
    return raw_yield(FORWARD)
  end
end

---------------------------------------------------------------------------------------------------
-- Time in C calls: no count hook fires inside one C library call, so a call that works on big data is
-- followed by a checkpoint (a system call): when the slice has run its time and another task waits, the
-- kernel hands the processor on at the next instruction. Small data takes the C function directly.
---------------------------------------------------------------------------------------------------

local checkpoint = sys.checkpoint
local kernel_chunk = sys.kernel_chunk

--- Runs one of the kernel's chunks that are loaded on first use (src/kernel/NAME.lua, compiled and stripped by the
--- kernel: see Preludes), with the given values; returns what it returns. Idle processes never pay for them.
---@param name string
local function load_kernel_chunk(name, ...)
  return raw_load(kernel_chunk(name), '=kernel:' .. name, 'b')(...)
end
--- Bytes of data past which a C library call is worth a checkpoint.
local BIG = 65536
--- Calls f(...) protected, for a wrapper's slow path: its results packed (r[1] true), or its error raised as the
--- program's own call of f would raise it. The wrapper is `depth` levels above raise_c (2: it called this).
local function call_c_at(depth, qualified, f, ...)
  local r = pack(pcall(f, ...))
  if r[1] then return r end
  raise_c(qualified, r[2], depth)
end

--- call_c_at for a wrapper that calls it itself.
local function call_c(qualified, f, ...)
  local r = call_c_at(3, qualified, f, ...)
  return r
end

--- Calls f(...) then checkpoints; its results, or its error raised as the program's call of f would.
local function costly(qualified, f, ...)
  local r = pack(pcall(f, ...))
  checkpoint()
  if r[1] then return unpack(r, 2, r.n) end
  raise_c(qualified, r[2], 2)
end

--- Wraps a string function whose cost grows with its subject (argument 1): a big subject is followed by a
--- checkpoint; anything but a string goes through call_c, for Lua's own error message.
local function by_subject(name)
  local f, qualified = string[name], 'string.' .. name
  return as_c(function(...)
    local s = ...
    if type(s) ~= 'string' then
      local r = call_c(qualified, f, ...)
      return r[2]
    elseif #s > BIG then
      local r = costly(qualified, f, ...)
      return r
    end
    return f(s)
  end)
end

string.upper, string.lower, string.reverse = by_subject('upper'), by_subject('lower'), by_subject('reverse')

---------------------------------------------------------------------------------------------------
-- Memory: on fengari no allocator counts strings, so the calls that build big ones first ask for room
-- (sys.str_reserve, absent on wasmoon); a process without it is out of memory, as on wasmoon.
---------------------------------------------------------------------------------------------------

local reserve = sys.str_reserve

local c_rep = string.rep
--- string.rep, with a checkpoint after a big result (and, on fengari, room asked for it first).
string.rep = as_c(function(...)
  local s, n, sep = ...
  if type(s) == 'string' and math_type(n) == 'integer' and (sep == nil or type(sep) == 'string') then
    local size = (n + 0.0) * (#s + (sep and #sep or 0)) -- a float: no integer wrap-around
    if size > BIG then
      if reserve then reserve(size) end -- fengari: room asked for first
      local r = costly('string.rep', c_rep, ...)
      return r
    end
    return c_rep(s, n, sep)
  end
  local r = call_c('string.rep', c_rep, ...) -- anything else: Lua's own conversions and messages
  return r[2]
end)

--- The length of table.concat's result, as far as plain strings and numbers reach (the C function raises
--- the errors, and values from metamethods are not counted).
local function concat_size(list, sep, i, j)
  i, j = i or 1, j or #list
  if math.type(i) ~= 'integer' or math.type(j) ~= 'integer' then return 0 end
  local size = type(sep) == 'string' and #sep * math.max(0.0, j - i) or 0.0
  for k = i, j do
    local v = rawget(list, k)
    if type(v) == 'string' then size = size + #v
    elseif type(v) == 'number' then size = size + 24
    else break end
  end
  return size
end

local c_concat = table.concat
--- table.concat, with a checkpoint after a long list (and, on fengari, room asked for its result first); its errors (a
--- value that is not a string) name the caller.
table.concat = as_c(function(...)
  local list, sep, i, j = ...
  if reserve and type(list) == 'table' then
    local size = concat_size(list, sep, i, j)
    if size > BIG then reserve(size) end
  end
  local ok, r = pcall(c_concat, ...)
  if list ~= nil and type(list) == 'table' and #list > BIG // 16 then checkpoint() end
  if ok then return r end
  raise_c('table.concat', r)
end)

if reserve then -- fengari: string.format and string.char (src/kernel/fengari-strings.lua)
  load_kernel_chunk('fengari-strings', string, {
    as_c = as_c, raise_c = raise_c, call_c = call_c, reserve = reserve, BIG = BIG, load_kernel_chunk = load_kernel_chunk,
  })
end

---------------------------------------------------------------------------------------------------
-- Pattern matching (src/kernel/string-match.lua): the host's step-budgeted matcher where the C one, which no hook
-- can interrupt, could run long.
---------------------------------------------------------------------------------------------------

local c_find = string.find -- Lua's own find: the sandbox's is set by string-match.lua
load_kernel_chunk('string-match', string, {
  sys = sys, as_c = as_c, call_c = call_c, call_c_at = call_c_at, raise_c = raise_c, load_kernel_chunk = load_kernel_chunk,
  in_callback = in_callback, running = raw_running, reserve = reserve, BIG = BIG, c_find = c_find, c_match = c_match,
})

---------------------------------------------------------------------------------------------------
-- The native API
---------------------------------------------------------------------------------------------------


local stream_write, stream_read = sys.stream_write, sys.stream_read

--- Waits for a stream call that answered false (a read with nothing to read yet, a write to a full pipe): the
--- kernel wakes the task with the call's answer.
local function await_stream()
  if not raw_isyieldable() then
    sys.cancel()
    error(CANNOT_BLOCK, 3)
  end
  return raw_yield(FORWARD)
end

--- Writes strings to one of the process's descriptors: true, or nil and why.
---@param fd integer
local function write_fd(fd, ...)
  local ok, err = stream_write(fd, ...)
  if ok == false then return await_stream() end
  return ok, err
end

--- Reads up to max bytes from one of the process's descriptors: the bytes, nil at the end, or nil and why.
---@param fd integer
---@param max integer
local function read_fd(fd, max)
  flush_io() -- what the process wrote comes out before it waits to read (a prompt)
  local v, err = stream_read(fd, max)
  if v == false then return await_stream() end
  return v, err
end

--- The locks the process's tasks take (a buffer's, a module's while it loads): a token in the list `lock`, taken
--- by table.remove (a C function, so no task comes between its test and its take) and given back by storing it.
local c_remove, c_rawset = table.remove, rawset

--- Whether a task (or coroutine) that held a lock is gone (it failed while holding it: out of memory).
local function gone(co) return raw_status(co) == 'dead' end

--- Takes a lock, waiting while another task holds it: true, or false where this code cannot wait.
---@param b table
local function lock(b)
  while not c_remove(b.lock) do
    local holder = b.holder
    if holder and gone(holder) then break end -- its token is lost with it: this task holds the lock now
    if not raw_isyieldable() then return false end
    raw_yield(FORWARD)
  end
  b.holder = raw_running()
  return true
end

--- Waits for another task (one holding something this task needs): its turn comes after the ready tasks'.
local function pause()
  if not raw_isyieldable() then error(CANNOT_BLOCK, 0) end
  raw_yield(FORWARD)
end

--- Gives a lock back.
local function unlock(b)
  b.holder = nil
  b.lock[1] = true
end

--- Runs fn once, by the first task to get here, and answers what it returned; another task that gets here while it
--- runs (it may be preempted) waits for it, as a lazy table's readers do.
---@param fn function
local function once(fn)
  local token, runner, done, value = { true }, nil, false, nil
  return function()
    if c_remove(token) then
      runner = raw_running()
      value = fn()
      done = true
    end
    while not done and runner ~= raw_running() and not (runner and gone(runner)) and raw_isyieldable() do
      raw_yield(FORWARD)
    end
    return value
  end
end

--- The output buffers shared by the process's tasks, each under its lock (src/kernel/buffers.lua), loaded by the
--- first output (or io): until then no buffer holds anything to write out.
local buffers
local load_buffers = once(function()
  buffers = load_kernel_chunk('buffers', {
    running = raw_running, isyieldable = raw_isyieldable, yield = raw_yield, FORWARD = FORWARD, CANNOT_BLOCK = CANNOT_BLOCK,
    write_fd = write_fd, sink_take = sys.sink_take, c_find = c_find, c_concat = c_concat, lock = lock, unlock = unlock,
    gone = gone,
  })
  return buffers
end)
local sink = sys.sink

local io_files -- the io library's file backend, once loaded (below)
--- Writes out every buffer of the process: standard output's, and every file's once io is loaded.
---@param how? 'leave'|'end'
local function flush_all(how)
  if io_files then return io_files.flush_all(how) end
  if not buffers then return true end -- nothing written yet
  return buffers.flush_buffer(1, buffers.stdout_buffer, how)
end
flush_io = function() return flush_all('leave') end
--- The kernel's flush after a slice: the task it preempted may be changing the buffer or writing it out.
local function flush_between_slices() return buffers.flush_buffer(1, buffers.stdout_buffer, 'leave') end
--- The kernel's flush at the process's end.
local function flush_at_end() return flush_all('end') end
--- Standard output's buffer (the buffers loaded first), its mode learned on first use, when the kernel is also given
--- the functions that write the buffers out.
local function stdout()
  if not buffers and not load_buffers() then error(CANNOT_BLOCK, 0) end -- another task loads them, and this cannot wait
  local b = buffers.stdout_buffer
  if not b.mode then
    buffers.buffer_mode(b, sys.stream_mode(1))
    sys.flushers(flush_at_end, flush_between_slices)
  end
  return b
end
--- Writes a string to standard output: the sink's fast path, else the buffer.
local write_stdout = sink(true, function(s)
  local b = stdout()
  return buffers.buffer_write(1, b, s)
end)

--- Prints its arguments, separated by tabs, to the process's standard output (packed once: select(i, ...) in a
--- loop would copy the rest of the arguments each time, quadratic in their number).
---@param ... any
function print(...)
  local n = select('#', ...)
  if n == 1 then
    local s = ...
    if type(s) ~= 'string' then s = tostring(s) end
    write_stdout(s .. '\n')
    return
  end
  local parts = pack(...)
  for i = 1, n do parts[i] = tostring(parts[i]) end
  write_stdout(c_concat(parts, '\t', 1, n) .. '\n')
end

local native = {
  pid = sys.pid, ppid = sys.ppid, tid = sys.tid, args = sys.args, info = sys.info,
  --- Writes text to standard output.
  write = function(text)
    if type(text) ~= 'string' and type(text) ~= 'number' then
      error("bad argument #1 to 'write' (string expected, got " .. (text == nil and 'no value' or type(text)) .. ')', 2)
    end
    write_stdout(tostring(text))
  end,
  timer = sys.timer, cancel = sys.cancel_timer, queue = sys.queue, watchdog = sys.watchdog,
  clock = sys.clock, epoch = sys.epoch,
  wait = blocking(sys.wait), sleep = blocking(sys.sleep),

  difftime = os.difftime,
}

---------------------------------------------------------------------------------------------------
-- Contexts and interactions
---------------------------------------------------------------------------------------------------

native.context, native.restrict, native.filter, native.close = sys.context, sys.restrict, sys.filter, sys.close
native.bind, native.unbind, native.answer = sys.bind, sys.unbind, sys.answer

local sys_call = sys.call
--- Sends a call on a context; returns its id at once (the answer arrives as an 'answer' event).
---@param ctx integer
---@param name string
---@return integer cid
function native.call(ctx, name, ...)
  flush_io() -- the call may end this process (proc.kill of itself): what it wrote comes out first
  local cid, ended = sys_call(ctx, name, ...)
  if ended then raw_yield(FORWARD) end -- the call ended this process (proc.kill of itself): stop here
  return cid
end
native.timeout, native.push, native.listen, native.unlisten = sys.timeout, sys.push, sys.listen, sys.unlisten

--- Status codes every answer carries, by name (and names by code).
native.status = constants.status
local STATUS_NAMES = constants.status_names
for code, name in pairs(STATUS_NAMES) do native.status[code] = name end

local SHARE_KEY = constants.share_key
--- Marks a context to share: passed in an answer, a call or a message, it gives the receiver access.
---@param ctx integer
---@return table marker
function native.share(ctx)
  if math.type(ctx) ~= 'integer' then error("bad argument #1 to 'share' (context id expected, got " .. type(ctx) .. ')', 2) end
  return { [SHARE_KEY] = ctx }
end

local rpc -- src/kernel/rpc.lua, loaded by the first os.rpc

--- A blocking proxy for calls on a context: os.rpc(ctx).name(...) or os.rpc(ctx).service.call(...).
---@param ctx integer
---@param options? {timeout?: number}
function native.rpc(ctx, options)
  rpc = rpc or load_kernel_chunk('rpc', native, STATUS_NAMES, raw_setmetatable)
  return rpc(ctx, options)
end

--- Gives up the processor: the task goes to the back of the run queue. A yield that reaches the kernel
--- with no system call pending is exactly that, so no host call is needed.
function native.yield()
  flush_io()
  if not raw_isyieldable() then
    error(CANNOT_BLOCK, 2)
  end
  raw_yield(FORWARD)
end

--- What finished tasks returned, kept in this state (any values, functions too) until joined.
local task_results = {}
local join = blocking(sys.join)

local raw_pull = blocking(sys.pull)

--- Builds a call or answer event from the flat values the kernel hands over; other events come whole.
local function event_of(first, ...)
  if first == '@answer' then
    local cid, status = ...
    return { type = 'answer', cid = cid, status = status, args = pack(select(3, ...)) }
  elseif first == '@call' then
    local cid, ctx, name, pid = ...
    return { type = 'call', cid = cid, ctx = ctx, name = name, pid = pid, args = pack(select(5, ...)) }
  end
  return first, ...
end

--- Waits for the next event matching filter (a type, or a table of fields that must be equal),
--- at most timeout seconds: the event, or nil and 'timeout'.
---@param filter? string|table
---@param timeout? number
function native.pull(filter, timeout)
  return event_of(raw_pull(filter, timeout))
end

--- Starts a new task (a Lua thread of this process) running fn(...); returns its task id. The task learns
--- its id from the kernel as its first value, so it never depends on the assignment below having run.
---@param fn function
---@return integer tid
function native.spawn(fn, ...)
  if type(fn) ~= 'function' then error("bad argument #1 to 'spawn' (function expected, got " .. type(fn) .. ')', 2) end
  local args = pack(...)
  return sys.spawn(function(tid)
    local r = pack(fn(unpack(args, 1, args.n)))
    if r.n == 0 then return end
    task_results[tid] = r
    return true -- tells the kernel there are values to keep for a join
  end)
end

--- Waits for a task of this process to end: true and what it returned, or false and its error.
---@param tid integer
---@return boolean ok
---@return any ...
function native.join(tid)
  if type(tid) ~= 'number' then error("bad argument #1 to 'join' (number expected, got " .. type(tid) .. ')', 2) end
  if tid == sys.tid() then error('a task cannot join itself', 2) end
  local ok, err = join(tid)
  if not ok then return false, err end
  local r = task_results[tid]
  task_results[tid] = nil
  if r then return true, unpack(r, 1, r.n) end
  return true
end

---------------------------------------------------------------------------------------------------
-- Libraries loaded on first use (io, package and require): a process that never uses them does not pay for them
---------------------------------------------------------------------------------------------------



--- A table whose contents appear when a field is first looked up or set: the first task to reach it (taking a token
--- as a buffer's lock does) runs fill, which may be preempted, and takes the metatable off when it is done; another
--- task that reaches it meanwhile waits until then (it would find it half filled). Returns the table, and the
--- function that fills it (or waits until it is) for code that needs the whole of it.
---@param fill function
local function lazy(fill)
  local t, token, filler = {}, { true }, nil
  local function filled()
    if c_remove(token) then
      filler = raw_running()
      fill()
      raw_setmetatable(t, nil)
      return
    end
    while raw_getmetatable(t) and filler ~= raw_running() and not (filler and gone(filler)) and raw_isyieldable() do
      raw_yield(FORWARD)
    end
  end
  return raw_setmetatable(t, {
    __index = function(_, k) filled() return rawget(t, k) end,
    __newindex = function(_, k, v) filled() c_rawset(t, k, v) end,
  }), filled
end

local sys_pull, STATUS_OK = sys.pull, constants.status.OK
--- Calls fs.NAME on context 0 for io's files: whether it succeeded, and the answer's values. The kernel's fs answers
--- at once, so this neither waits nor writes buffers out (it is how files' buffers are written); a parent serving
--- fs is waited for.
---@param name string
local function fs_call(name, ...)
  local cid = sys_call(0, 'fs.' .. name, ...)
  local r = pack(sys_pull({ type = 'answer', cid = cid }, 0))
  if r[2] == '@answer' then return r[4] == STATUS_OK, unpack(r, 5, r.n) end
  local e = native.pull({ type = 'answer', cid = cid })
  return e.status == STATUS_OK, unpack(e.args, 1, e.args.n)
end

local new_userdata -- a new full userdata with a metatable (below, with the finalizers)

local io_table, io_filled -- the io library, once loaded
io_table, io_filled = lazy(function()
  local out = stdout() -- the buffers loaded first
  io_files = load_kernel_chunk('io', io_table, read_fd, sys.stream_close, buffers.flush_buffer, buffers.buffer_write, out,
    c_find, fs_call, new_userdata, buffers.buffer_mode, sink, sys.split_lines, as_c, raise_c, buffers.new_buffer)
end)
--- The io library's file backend (loading io if needed).
local function files()
  if not io_files then io_filled() end
  return io_files
end

local package_table, package_filled, real_require, loaded_libraries
package_table, package_filled = lazy(function()
  real_require = load_kernel_chunk('package', package_table, {
    load = raw_load, env = process_env, program_file = sys.program_file, library = sys.library,
    loaded = loaded_libraries, raise_c = raise_c, lock = lock, unlock = unlock, pause = pause, running = raw_running,
    gone = gone,
  })
end)

--- require, loaded with the package library on its first call.
---@param name string
function require(name)
  if not real_require then package_filled() end
  return real_require(name)
end

--- The files os.run gives back for pipes; file objects in the options become descriptors.
local function run_with(run, what, options)
  if type(options) == 'table' and io_files then options = io_files.descriptors(options) end
  local pid, fds = run(what, options)
  if type(fds) == 'table' then fds = files().wrap(fds) end
  return pid, fds
end

--- Runs a program from the store as a child process; returns its pid (and files for its pipes), or nil and why not.
--- (os.run(name, options?): options {args = {...}, runtime = NAME, context = CTX, contexts = {CTX, ...},
--- stdin/stdout/stderr = "pipe" or a file, env = {NAME = value}})
function native.run(name, options) return run_with(sys.run, name, options) end

--- Runs Lua source text as a child process, as os.run does (options: those of os.run, and name = NAME).
function native.run_code(code, options) return run_with(sys.run_code, code, options) end

--- Lua's luaL_checkstring of argument i of a wrapper given as a C function (a number is taken as a string): the
--- string, or the error the C function would raise.
---@param qualified string
---@param i integer
local function check_string(qualified, i, ...)
  local v = select(i, ...)
  if type(v) == 'string' then return v end
  if type(v) == 'number' then return tostring(v) end
  local got = select('#', ...) < i and 'no value' or type(v)
  raise_c(qualified, ("bad argument #%d to '?' (string expected, got %s)"):format(i, got), 2)
end

native.remove = as_c(function(...)
  local r = pack(files().remove(check_string('os.remove', 1, ...)))
  return unpack(r, 1, r.n)
end)
native.rename = as_c(function(...)
  local from, to = check_string('os.rename', 1, ...), check_string('os.rename', 2, ...)
  local r = pack(files().rename(from, to))
  return unpack(r, 1, r.n)
end)
function native.tmpname() return files().tmpname() end

--- Kills a process (this one or a descendant); returns true, or nil and why not.
---@param pid integer
function native.kill(pid)
  if pid == sys.pid() then flush_io() end -- what it wrote comes out before it ends
  local ok, err = sys.kill(pid)
  if not ok then return nil, err end
  if pid == sys.pid() then raw_yield(FORWARD) end -- killing itself: stop here
  return true
end

--- Ends the process (every task) with an exit code (default 0; true is 0 and false is 1, as in Lua); with close,
--- as Lua's lua_close: this task's pending <close> variables are closed and the finalizers run.
---@param code? integer|boolean
---@param close_state? boolean
function native.exit(code, close_state)
  if code == true then code = 0 elseif code == false then code = 1 end
  local ok, err = pcall(sys.exit, code, close_state)
  if not ok then raise_c('os.exit', err) end
  raw_yield(FORWARD)
end

local time_of_table -- src/kernel/time-table.lua, loaded by the first os.time with a table

--- Seconds since the epoch, from the kernel clock (virtual in deterministic mode); with a table, Lua 5.4's
--- os.time in thox's time zone, UTC (src/kernel/time-table.lua).
---@param t? table
---@return integer
native.time = as_c(function(t)
  if t == nil then return sys.time() end
  time_of_table = time_of_table or load_kernel_chunk('time-table')
  local r = call_c('os.time', time_of_table, t) -- its errors, raised at the program's call (as_c)
  return r[2]
end)

--- os.date over the kernel clock. thox's local time zone is UTC, so runs replay on any host.
---@param format? string
---@param t? integer
native.date = as_c(function(...)
  local r = call_c('os.date', sys.date, ...)
  return r[2]
end)

--- os.getenv: the process's own environment's variable, or nil.
native.getenv = as_c(function(...)
  local r = call_c('os.getenv', sys.getenv, ...)
  return r[2]
end)

--- The categories os.setlocale takes, as Lua names C's.
local LOCALE_CATEGORIES = { all = true, collate = true, ctype = true, monetary = true, numeric = true, time = true }
--- os.setlocale: C is thox's only locale ("POSIX" is its other name, and "" the environment's, C too): "C", or nil
--- for any other.
---@param locale? string
---@param category? string
function native.setlocale(locale, category)
  for i, v in ipairs({ locale, category or 'all' }) do
    if type(v) == 'number' then v = tostring(v) end
    if type(v) ~= 'string' and (i == 2 or v ~= nil) then
      error(("bad argument #%d to 'setlocale' (string expected, got %s)"):format(i, type(v)), 2)
    end
    if i == 2 and not LOCALE_CATEGORIES[v] then
      error(("bad argument #2 to 'setlocale' (invalid option '%s')"):format(v), 2)
    end
  end
  if locale == nil or locale == 'C' or locale == 'POSIX' or locale == '' then return 'C' end
  return nil
end

os = native

--- Every chunk string.dump made in this process. Bytecode can break the VM's safety checks, so load takes a binary
--- chunk only when it is one of these (the compiler's own output, for a function of the program), byte for byte.
local dumped = {}
local raw_dump, raw_getinfo_s = string.dump, debug.getinfo

--- string.dump, Lua's, of the program's own functions (a prelude's is as a C function: it cannot be dumped).
---@param f function
---@param strip? boolean
function string.dump(f, strip)
  local source = type(f) == 'function' and raw_getinfo_s(f, 'S').source
  if source == '=?' or (source and source:sub(1, 9) == '=runtime:') then error('unable to dump given function', 2) end
  local r = call_c('string.dump', raw_dump, f, strip)
  dumped[r[2]] = true
  return r[2]
end

--- The chunk a reader function gives, read as Lua's load reads it: pieces until nil or an empty string; nil and
--- the error when the reader fails or gives something else.
---@param reader function
local function read_chunk(reader)
  local pieces = {}
  while true do
    local ok, piece = pcall(reader)
    if not ok then return nil, piece end
    if piece == nil or piece == '' then return table.concat(pieces) end
    if type(piece) == 'number' then piece = tostring(piece) end
    if type(piece) ~= 'string' then return nil, 'reader function must return a string' end
    pieces[#pieces + 1] = piece
  end
end

--- load, Lua's, in this process's environment when no env is given (an explicit nil env is nil, as in Lua); a
--- binary chunk only when string.dump made it here.
function load(...)
  local chunk, chunkname, mode, env = ...
  if select('#', ...) < 4 then env = process_env end
  local bad = (type(chunk) ~= 'string' and type(chunk) ~= 'number' and type(chunk) ~= 'function')
    or (mode ~= nil and type(mode) ~= 'string' and type(mode) ~= 'number')
  if bad then
    local r = call_c('load', raw_load, ...) -- Lua's argument errors (a missing argument is 'no value'), naming the call
    return r[2]
  end
  if type(chunk) == 'function' then
    local text, err = read_chunk(chunk)
    if not text then return nil, err end
    chunk, chunkname = text, chunkname or '=(load)'
  end
  if type(chunk) == 'string' and chunk:byte(1) == 27 and not dumped[chunk]
    and (mode == nil or (type(mode) == 'string' and c_find(mode, 'b', 1, true))) then
    return nil, 'attempt to load a binary chunk (thox loads only what string.dump made in this process)'
  end
  if type(chunk) == 'string' and #chunk > BIG then
    local r = pack(costly('load', raw_load, chunk, chunkname, mode, env))
    return unpack(r, 1, r.n)
  end
  return raw_load(chunk, chunkname, mode, env)
end

---------------------------------------------------------------------------------------------------
-- Finalizers run as ordinary, preemptible code of the process (src/kernel/finalizers.lua, loaded by the first
-- __gc): Lua's own run with hooks off, where no preemption could reach them.
---------------------------------------------------------------------------------------------------

local finalizers

--- Loads the finalizer machinery on first use (once: tasks that get here meanwhile wait for it).
local load_finalizers = once(function()
  finalizers = load_kernel_chunk('finalizers', raw_setmetatable, debug.getmetatable, sys.spawn, sys.finalizer,
    function() flush_io() end, c_remove, pause, raw_isyieldable, gone)
  return finalizers
end)

local sys_userdata, raw_debug_setmetatable = sys.userdata, debug.setmetatable
--- A new full userdata with metatable mt (io's files); a __gc in mt is a finalizer like any other.
---@param mt table
function new_userdata(mt)
  local u = sys_userdata()
  if rawget(mt, '__gc') ~= nil then return load_finalizers().guard(raw_debug_setmetatable, u, mt, 2) end
  raw_debug_setmetatable(u, mt)
  return u
end

--- For debug.setmetatable (two levels below the program): mt (with __gc) set on a guarded value.
local function gc_guard(set, value, mt)
  local r = load_finalizers().guard(set, value, mt, 4)
  return r
end

--- setmetatable; a __gc field makes a guarded object whose finalizer runs as ordinary code.
function setmetatable(...)
  local t, mt = ...
  local old = type(t) == 'table' and raw_getmetatable(t)
  if type(t) ~= 'table' or (type(mt) ~= 'table' and (mt ~= nil or select('#', ...) < 2))
    or (old and rawget(old, '__metatable') ~= nil) then
    local r = call_c('setmetatable', raw_setmetatable, ...) -- Lua's errors, at the caller's line and naming its call
    return r[2]
  end
  if type(mt) == 'table' and rawget(mt, '__gc') ~= nil then
    local f = load_finalizers()
    if f.pending() then f.run(nil) end
    local r = f.guard(raw_setmetatable, t, mt, 3)
    return r
  end
  return raw_setmetatable(t, mt)
end

--- collectgarbage, Lua's: a collection is followed by a checkpoint (its time grows with the heap) and by the
--- finalizers it queued; in a finalizer, false, as in Lua. Every option only affects this process's own heap.
function collectgarbage(...)
  local opt = ...
  if finalizers and finalizers.in_finalizer() then return false end -- Lua's collector is not reentrant
  local r = pack(pcall(raw_collect, ...))
  if opt == nil or opt == 'collect' or opt == 'step' then
    checkpoint()
    if finalizers then finalizers.run(nil) end
  end
  if not r[1] then raise_c('collectgarbage', r[2]) end
  return unpack(r, 2, r.n)
end

math.randomseed(sys.seed())
--- The debug library (debug.lua, a kernel chunk of its own) is built on first use: most programs never load it.
local safe_debug, raw_debug, sethook = {}, debug, sys.sethook
local open_debug = once(function() -- the metatable stays until it is filled: tasks that get here meanwhile wait
  load_kernel_chunk('debug', raw_debug, safe_debug, gc_guard, sethook, sys.prelude_frames, as_c, raise_c)
  raw_setmetatable(safe_debug, nil)
end)
raw_setmetatable(safe_debug, {
  __index = function(_, key) open_debug() return rawget(safe_debug, key) end,
  __pairs = function(t) open_debug() return next, t, nil end,
})
debug = safe_debug
io, package, fengari = io_table, package_table, nil
--- loadfile and dofile (src/kernel/loadfile.lua, loaded by the first call): Lua's, over the system's file system.
local file_loading
local function file_loader()
  file_loading = file_loading or load_kernel_chunk('loadfile', io_table, load)
  return file_loading
end
function loadfile(...) return file_loader().loadfile(...) end
function dofile(...) return file_loader().dofile(...) end
--- package.loaded, kept where Lua keeps it (the registry's _LOADED): Lua's C functions find there the name of a
--- function they report in an argument error when no call names it (a function called from C, as 'table.sort').
loaded_libraries = {
  _G = _G, package = package_table, string = string, table = table, math = math, coroutine = coroutine, utf8 = utf8,
  io = io_table, os = native, debug = safe_debug,
}
raw_debug.getregistry()._LOADED = loaded_libraries
