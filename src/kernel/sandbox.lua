-- The kernel's prelude, run first in every new process: builds the sandboxed native environment
-- (no host access) and the wrapped coroutine library that carries preemptions and system calls up to the kernel.
local sys = sys
_G.sys = nil

local pack, unpack, select, type, error, rawget = table.pack, table.unpack, select, type, error, rawget
local raw_create, raw_resume, raw_yield = coroutine.create, coroutine.resume, coroutine.yield
local raw_status, raw_isyieldable, raw_close = coroutine.status, coroutine.isyieldable, coroutine.close
local raw_load, raw_setmetatable, raw_collect = load, setmetatable, collectgarbage
local traceback = debug.traceback
local process_env = _G

--- The private value a forwarding yield carries up the chain of user coroutines to the kernel.
local FORWARD = {}
local constants = sys.constants() -- status codes, the share key and messages: defined once, in the kernel
local CANNOT_BLOCK = constants.cannot_block

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
local function resume(co, ...)
  local r = pack(raw_resume(co, ...))
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

--- coroutine.wrap on top of the forwarding resume.
---@param f function
---@return function
local function wrap(f)
  local co = raw_create(f)
  return function(...)
    local r = pack(resume(co, ...))
    if r[1] then return unpack(r, 2, r.n) end
    if raw_close and raw_status(co) == 'dead' then raw_close(co) end
    local e = r[2]
    if type(e) == 'string' then error(e, 2) end
    error(e, 0)
  end
end

local raw_running, is_root = coroutine.running, sys.is_root

--- coroutine.running: a task's root thread is what the program sees as its main thread.
---@return thread co
---@return boolean ismain
function coroutine.running()
  local co = raw_running()
  return co, is_root(co)
end

--- coroutine.isyieldable: false in a task's main thread, as in a main chunk.
---@param co? thread
function coroutine.isyieldable(co)
  co = co or raw_running()
  if is_root(co) then return false end
  if co == raw_running() then return raw_isyieldable() end
  return raw_status(co) ~= 'dead'
end

--- coroutine.close; a close whose __close handler was killed does not return into the killed process.
---@param co thread
---@return boolean ok
---@return any err
local function close(co)
  local ok, err = raw_close(co)
  if not ok then stop_if_killed() end
  return ok, err
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
--- Bytes of data past which a C library call is worth a checkpoint.
local BIG = 65536

--- Calls f(...) then checkpoints; its error is raised at the level of whoever tail-called costly.
local function costly(f, ...)
  local r = pack(pcall(f, ...))
  checkpoint()
  if not r[1] then error(r[2], 2) end
  return unpack(r, 2, r.n)
end

--- Wraps a string function whose cost grows with its subject (argument 1).
local function by_subject(f)
  return function(s, ...)
    if type(s) == 'string' and #s > BIG then return costly(f, s, ...) end
    return f(s, ...)
  end
end

string.upper, string.lower, string.reverse = by_subject(string.upper), by_subject(string.lower), by_subject(string.reverse)

local c_rep = string.rep
--- string.rep, with a checkpoint after a big result.
function string.rep(s, n, sep)
  if type(s) == 'string' and math.type(n) == 'integer' and n * (#s + (type(sep) == 'string' and #sep or 0)) > BIG then
    return costly(c_rep, s, n, sep)
  end
  return c_rep(s, n, sep)
end

local c_concat = table.concat
--- table.concat, with a checkpoint after a long list.
function table.concat(list, sep, i, j)
  if type(list) == 'table' and #list > BIG // 16 then return costly(c_concat, list, sep, i, j) end
  return c_concat(list, sep, i, j)
end

---------------------------------------------------------------------------------------------------
-- Pattern matching: the host's step-budgeted matcher replaces the C one, which no hook can interrupt.
---------------------------------------------------------------------------------------------------

local gmatch_next, gsub_next, gsub_string = sys.str_gmatch_next, sys.str_gsub_next, sys.str_gsub_string

--- Lua's argument check for a string parameter (numbers are accepted and converted).
local function check_string(v, i, fname)
  local t = type(v)
  if t == 'string' then return v end
  if t == 'number' then return tostring(v) end
  error(('bad argument #%d to \'%s\' (string expected, got %s)'):format(i, fname, v == nil and 'no value' or t), 3)
end

local c_find, c_match, c_gmatch, c_gsub = string.find, string.match, string.gmatch, string.gsub
local host_find, host_match = sys.str_find, sys.str_match

--- The longest subject Lua's own matcher may take for each pattern, anchored as written or not (the
--- host works it out once per pattern: see safeSubjectLengths in string-library.ts). Longer subjects
--- go to the budgeted matcher.
local max_anchored, max_free, known, limits = {}, {}, 0, sys.str_limits

--- Works out (once per pattern) the subject lengths p is safe for.
local function learn(p)
  if known > 1000 then max_anchored, max_free, known = {}, {}, 0 end
  max_anchored[p], max_free[p] = limits(p)
  known = known + 1
end

--- string.find: Lua's matcher when the pattern is bounded on this subject, the budgeted one otherwise.
function string.find(s, p, init, plain)
  local max = max_anchored[p]
  if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
  if max and type(s) == 'string' and (#s <= max or plain) then return c_find(s, p, init, plain) end
  return host_find(s, p, init, plain)
end

--- string.match, chosen as string.find.
function string.match(s, p, init)
  local max = max_anchored[p]
  if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
  if max and type(s) == 'string' and #s <= max then return c_match(s, p, init) end
  return host_match(s, p, init)
end

--- Whether Lua's own matcher is safe for p over s (gmatch ignores '^'; gsub honours it).
local function bounded(s, p, honour_anchor)
  if not max_anchored[p] then learn(p) end
  return #s <= (honour_anchor and max_anchored[p] or max_free[p])
end

--- string.gmatch: an iterator over the matches of p in s, from init.
---@param s string
---@param p string
---@param init? integer
function string.gmatch(s, p, init)
  if type(s) == 'string' and type(p) == 'string' and bounded(s, p, false) then return c_gmatch(s, p, init) end
  s, p = check_string(s, 1, 'gmatch'), check_string(p, 2, 'gmatch')
  local len = #s
  init = math.tointeger(init or 1) or error("bad argument #3 to 'gmatch' (number has no integer representation)", 2)
  if init < 0 then init = math.max(len + init + 1, 1) elseif init == 0 then init = 1 end
  local pos, last = math.min(init, len + 1) - 1, -1
  return function()
    local r = pack(gmatch_next(s, p, pos, last))
    if r[1] == nil then pos = len + 1 return nil end
    pos, last = r[1], r[1]
    return unpack(r, 2, r.n)
  end
end

--- string.gsub: replaces matches of p in s by repl (a string, a table or a function), at most n times.
---@param s string
---@param p string
---@param repl string|table|function
---@param n? integer
function string.gsub(s, p, repl, n)
  local tr = type(repl)
  if tr == 'string' or tr == 'number' then
    local max = max_anchored[p] -- bounded(s, p, true), written out: gsub is often in hot loops
    if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
    if max and type(s) == 'string' and #s <= max then return c_gsub(s, p, repl, n) end
    return gsub_string(s, p, repl, n)
  end
  s, p = check_string(s, 1, 'gsub'), check_string(p, 2, 'gsub')
  if tr ~= 'table' and tr ~= 'function' then
    error("bad argument #3 to 'gsub' (string/function/table expected, got " .. (repl == nil and 'no value' or tr) .. ')', 2)
  end
  local max = n == nil and #s + 1 or math.tointeger(n) or error("bad argument #4 to 'gsub' (number has no integer representation)", 2)
  local anchored = p:byte(1) == 94
  local parts, count, pos, last = {}, 0, 0, -1
  while count < max do
    local r = pack(gsub_next(s, p, pos, last))
    if r[1] == nil then break end
    local value
    if tr == 'table' then value = repl[r[4]] else value = repl(unpack(r, 4, r.n)) end
    if value == nil or value == false then value = r[3]
    elseif type(value) ~= 'string' and type(value) ~= 'number' then error('invalid replacement value (a ' .. type(value) .. ')', 2) end
    parts[#parts + 1] = s:sub(pos + 1, r[1])
    parts[#parts + 1] = value
    count, pos, last = count + 1, r[2], r[2]
    if anchored then break end
  end
  parts[#parts + 1] = s:sub(pos + 1)
  return table.concat(parts), count
end

---------------------------------------------------------------------------------------------------
-- The native API
---------------------------------------------------------------------------------------------------

--- Runs one of the kernel's libraries (io, package, time: bytecode the kernel compiled) with the given values.
---@param name string
local function kernel_library(name, ...)
  return raw_load(sys.library_code(name), '=kernel:' .. name, 'b', process_env)(...)
end

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

--- Bytes a buffer holds before it is written out (C's BUFSIZ).
local BUFSIZE = 8192

--- Writes out a buffer (pieces 1..n, their size) to a descriptor: true, or nil and why. While a buffer changes it is
--- `busy`: the kernel's flush between slices (which may come at any instruction) leaves it alone then.
---@param fd integer
---@param b table
local function flush_buffer(fd, b)
  b.busy = true -- before n is read: a flush between slices could empty the buffer under it
  local n = b.n
  if n == 0 then
    b.busy = false
    return true
  end
  local s = n == 1 and b[1] or c_concat(b, '', 1, n)
  for i = 1, n do b[i] = nil end
  b.n, b.size = 0, 0
  b.busy = false -- last, on its own: a multiple assignment may store its fields in any order
  return write_fd(fd, s)
end

--- Adds a string to a descriptor's buffer, written out when full or as its mode says ('no', 'line', 'full').
---@param fd integer
---@param b table
---@param s string
local function buffer_write(fd, b, s)
  b.busy = true
  local n, size = b.n + 1, b.size + #s
  b[n], b.n, b.size = s, n, size
  b.busy = false
  if size >= BUFSIZE or b.mode == 'no' or b.mode == 'line' and c_find(s, '\n', 1, true) then return flush_buffer(fd, b) end
  return true
end

--- Standard output's buffer, shared by print, os.write and io.stdout (so their order is kept), as C's stdio: by
--- line on the host's terminal, fully otherwise. Its mode is learned on first use, when the kernel is also given
--- the functions that write the buffers out: after each slice while standard output is the host's (so output is
--- never held back), and at the process's end (not at a kill).
local stdout_buffer = { n = 0, size = 0 }
local function flush_stdout() return flush_buffer(1, stdout_buffer) end
flush_io = flush_stdout
--- The kernel's flush after a slice: the slice may have ended inside a change of the buffer.
local function flush_between_slices()
  if not stdout_buffer.busy then flush_stdout() end
end
local function stdout()
  local b = stdout_buffer
  if not b.mode then
    b.mode = sys.stream_mode(1)
    sys.flushers(flush_io, flush_between_slices)
  end
  return b
end

--- Prints its arguments, separated by tabs, to the process's standard output.
---@param ... any
function print(...)
  local n = select('#', ...)
  if n == 1 then
    local s = ...
    if type(s) ~= 'string' then s = tostring(s) end
    buffer_write(1, stdout(), s .. '\n')
    return
  end
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  buffer_write(1, stdout(), c_concat(parts, '\t', 1, n) .. '\n')
end

local native = {
  pid = sys.pid, ppid = sys.ppid, tid = sys.tid, args = sys.args, info = sys.info, getenv = sys.getenv,
  --- Writes text to standard output.
  write = function(text)
    if type(text) ~= 'string' and type(text) ~= 'number' then
      error("bad argument #1 to 'write' (string expected, got " .. (text == nil and 'no value' or type(text)) .. ')', 2)
    end
    buffer_write(1, stdout(), tostring(text))
  end,
  timer = sys.timer, cancel = sys.cancel_timer, queue = sys.queue,
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

--- Makes a call and waits for its answer: the values on OK, a Lua error naming the status otherwise.
local function rpc_call(ctx, name, options, ...)
  local ok, cid = pcall(native.call, ctx, name, ...)
  if not ok then
    -- os.call's argument #3 is the call's argument #1: blame the call the program made, not os.call
    local n, why = c_match(cid, "^bad argument #(%d+) to 'call' (%b())$")
    if n then cid = ("bad argument #%d to '%s' %s"):format(n - 2, name, why) end
    error(cid, 3)
  end
  if options.timeout then native.timeout(cid, options.timeout) end
  local answer = native.pull({ type = 'answer', cid = cid })
  local args = answer.args
  if answer.status == 0 then return unpack(args, 1, args.n) end
  local status = STATUS_NAMES[answer.status] or tostring(answer.status)
  local detail = args[1] ~= nil and tostring(args[1]) or nil
  if not detail then error(("call '%s' failed: %s"):format(name, status), 3) end
  if detail:sub(1, #status) == status then -- the detail names the status already ('bad argument #1 to ...')
    error(("call '%s' failed: %s"):format(name, detail), 3)
  end
  error(("call '%s' failed: %s: %s"):format(name, status, detail), 3)
end

--- A blocking proxy for calls on a context: os.rpc(ctx).name(...) or os.rpc(ctx).service.call(...).
---@param ctx integer
---@param options? {timeout?: number}
function native.rpc(ctx, options)
  options = options or {}
  local function proxy(prefix)
    return setmetatable({}, {
      __index = function(_, key) return proxy(prefix and (prefix .. '.' .. key) or key) end,
      __call = function(_, ...)
        if not prefix then error('os.rpc: name a call, as in os.rpc(ctx).name(...)', 2) end
        return rpc_call(ctx, prefix, options, ...)
      end,
    })
  end
  return proxy(nil)
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



--- A table whose contents appear when a field is first looked up (fill takes the metatable off and fills it).
---@param fill function
local function lazy(fill)
  local t = {}
  return raw_setmetatable(t, { __index = function(_, k) fill() return rawget(t, k) end })
end

local io_table, io_files -- the io library and its file backend, once loaded
io_table = lazy(function()
  raw_setmetatable(io_table, nil)
  io_files = kernel_library('io', io_table, read_fd, sys.stream_close, flush_buffer, buffer_write, stdout(), c_find)
  flush_io = io_files.flush_all
  sys.flushers(flush_io, flush_between_slices) -- at the process's end, every buffer
end)
--- The io library's file backend (loading io if needed).
local function files()
  if not io_files then local _ = io_table.stdout end
  return io_files
end

local package_table, real_require
package_table = lazy(function()
  raw_setmetatable(package_table, nil)
  real_require = kernel_library('package', package_table, {
    load = raw_load, env = process_env, program_file = sys.program_file, library = sys.library, io = io_table,
  })
end)

--- require, loaded with the package library on its first call.
---@param name string
function require(name)
  if not real_require then local _ = package_table.loaded end
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

function native.remove(name) return files().remove(name) end
function native.rename(from, to) return files().rename(from, to) end
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

--- Ends the process (every task) with an exit code (default 0; true is 0 and false is 1, as in Lua).
---@param code? integer|boolean
function native.exit(code)
  if code == true then code = 0 elseif code == false then code = 1 end
  sys.exit(code)
  raw_yield(FORWARD)
end

--- Seconds since the epoch, from the kernel clock (virtual in deterministic mode); with a table, Lua 5.4's
--- os.time in UTC, worked out by src/kernel/time.lua (loaded on first use).
---@param t? table
---@return integer
local time_of_table
function native.time(t)
  if t == nil then return sys.time() end
  if type(t) ~= 'table' then error("bad argument #1 to 'time' (table expected, got " .. type(t) .. ')', 2) end
  time_of_table = time_of_table or kernel_library('time')
  return time_of_table(t) -- a tail call: its errors' levels count from the caller, as if it were this function
end

--- os.date over the kernel clock. thox's local time zone is UTC, so runs replay on any host.
---@param format? string
---@param t? integer
function native.date(format, t)
  return sys.date(format, t)
end

os = native

--- load, text chunks only, in this process's environment by default.
function load(chunk, chunkname, mode, env)
  if mode ~= nil and mode ~= 't' and mode ~= 'bt' then
    error("bad argument #3 to 'load' (thox loads text chunks only)", 2)
  end
  if env == nil then env = process_env end
  if type(chunk) == 'string' and #chunk > BIG then return costly(raw_load, chunk, chunkname, 't', env) end
  return raw_load(chunk, chunkname, 't', env)
end

--- setmetatable without __gc: finalizers run with hooks off, so they could never be preempted.
function setmetatable(t, mt)
  if type(mt) == 'table' and rawget(mt, '__gc') ~= nil then
    error('setmetatable: __gc metamethods are not allowed (finalizers cannot be preempted)', 2)
  end
  return raw_setmetatable(t, mt)
end

local GC_OPTIONS = { count = true, collect = true, step = true, isrunning = true }
--- collectgarbage limited to options that only affect this process.
function collectgarbage(opt, ...)
  opt = opt or 'collect'
  if not GC_OPTIONS[opt] then error("bad argument #1 to 'collectgarbage' (option '" .. tostring(opt) .. "' is not allowed)", 2) end
  if opt == 'collect' or opt == 'step' then return costly(raw_collect, opt, ...) end -- its time grows with the heap
  return raw_collect(opt, ...)
end

--- debug.traceback as Lua's, with the preludes' frames named `[prelude]` (their bytecode is stripped, which
--- Lua shows as `?`; the kernel names them in error reports the same way). Levels count from the caller, as if
--- this wrapper were not there: at level 1 its own frame is cut from the text, so a "(...tail calls...)" mark
--- after it stays; at level 0 it stands for itself. (A tail call into it still replaces the calling frame,
--- which Lua's C function would not.)
---@param ... any [thread,] [message [, level]]
---@return any
local function named_traceback(...)
  local co, msg, level = ...
  if type(co) ~= 'thread' then co, msg, level = nil, ... end
  if co == raw_running() then co = nil end -- this thread: levels count from the caller, as without one
  if msg ~= nil and type(msg) ~= 'string' and type(msg) ~= 'number' then return msg end
  local n = level == nil and (co and 0 or 1) or math.tointeger(level)
  if not n then
    local why = type(level) == 'number' and 'number has no integer representation' or 'number expected, got ' .. type(level)
    error(("bad argument #%d to 'traceback' (%s)"):format(co and 3 or 2, why), 2)
  end
  local t
  if co then t = traceback(co, msg, n)
  elseif n > 1 then t = traceback(msg, n + 1)
  else t = traceback(msg, n) end
  local head = msg ~= nil and #tostring(msg) + 1 or 0 -- the message is not touched: only frames are renamed
  local frames = t:sub(head + 1)
  -- level 1: cut this wrapper's frame; level 0: cut the C function's, so this one stands for debug.traceback
  if not co and (n == 1 or n == 0) then frames = c_gsub(frames, '^(stack traceback:)\n\t[^\n]*', '%1', 1) end
  return t:sub(1, head) .. c_gsub(frames, '\n\t%?: in ', '\n\t[prelude]: in ')
end

math.randomseed(sys.seed())
string.dump = nil
debug = { traceback = named_traceback }
io, package, dofile, loadfile, fengari = io_table, package_table, nil, nil, nil
