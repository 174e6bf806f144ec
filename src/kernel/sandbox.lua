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
--- Threads running a callback of a sandbox function that stands for a C one (string.gsub's): there, as inside
--- Lua's C function, the program cannot yield.
local in_callback = raw_setmetatable({}, { __mode = 'k' })

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
  if co == raw_running() then return raw_isyieldable() and not in_callback[co] end
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

--- Threads the kernel said are (or are not) a task's root, remembered (weakly) so a yield asks once.
local root_of = raw_setmetatable({}, { __mode = 'k' })

--- coroutine.yield; a task's main thread is no coroutine to the program, as a main chunk is not in Lua.
function coroutine.yield(...)
  local co = raw_running()
  local root = root_of[co]
  if root == nil then root = is_root(co) root_of[co] = root end
  if root then error('attempt to yield from outside a coroutine', 0) end
  if in_callback[co] then error('attempt to yield across a C-call boundary', 0) end
  return raw_yield(...)
end

coroutine.resume = resume
coroutine.wrap = wrap
if raw_close then coroutine.close = close end

--- Turns a blocking host call into a system call: the host either answers at once (true, ...)
--- or registers the request (false), and the task yields until the kernel wakes it with the answer.
local function blocking(host)
  return function(...)
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
local raw_getinfo, c_match, math_type = debug.getinfo, string.match, math.type

--- Raises the error of a C library function (or the host's matcher) that a wrapper below called, as Lua would had
--- the program called the function itself: at the program's line, the function named as the program called it
--- (its name in the call; `qualified`, as 'string.rep', when called from C such as pcall), and a method call's
--- self not counted. The wrapper is `depth` levels up (1: it called this), and it was not tail-called.
---@param qualified string
---@param msg any
---@param depth? integer
local function raise_c(qualified, msg, depth)
  depth = depth or 1
  if type(msg) ~= 'string' then error(msg, 0) end
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

--- Calls f(...) protected, for a wrapper's slow path: its results packed (r[1] true), or its error raised as the
--- program's own call of f would raise it.
local function call_c(qualified, f, ...)
  local r = pack(pcall(f, ...))
  if r[1] then return r end
  raise_c(qualified, r[2], 2)
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
  return function(...)
    local s = ...
    if type(s) ~= 'string' then
      local r = call_c(qualified, f, ...)
      return r[2]
    elseif #s > BIG then
      local r = costly(qualified, f, ...)
      return r
    end
    return f(s)
  end
end

string.upper, string.lower, string.reverse = by_subject('upper'), by_subject('lower'), by_subject('reverse')

local c_rep = string.rep
--- string.rep, with a checkpoint after a big result.
function string.rep(...)
  local s, n, sep = ...
  if type(s) ~= 'string' or math_type(n) ~= 'integer' or sep ~= nil and type(sep) ~= 'string' or n * (#s + (sep and #sep or 0)) > BIG then
    local r = costly('string.rep', c_rep, ...)
    return r
  end
  return c_rep(s, n, sep)
end

local c_concat = table.concat
--- table.concat, with a checkpoint after a long list; its errors (a value that is not a string) name the caller.
function table.concat(...)
  local ok, r = pcall(c_concat, ...)
  if (...) ~= nil and type(...) == 'table' and #(...) > BIG // 16 then checkpoint() end
  if ok then return r end
  raise_c('table.concat', r)
end

---------------------------------------------------------------------------------------------------
-- Pattern matching: the host's step-budgeted matcher replaces the C one, which no hook can interrupt.
---------------------------------------------------------------------------------------------------

local gmatch_next, gsub_next, gsub_string = sys.str_gmatch_next, sys.str_gsub_next, sys.str_gsub_string

local c_find, c_gmatch, c_gsub = string.find, string.gmatch, string.gsub
local host_find, host_match = sys.str_find, sys.str_match

--- Where the set that starts at p[i] ('[') ends (the index after its ']'), as Lua's matcher reads it; nil if open.
local function set_end(p, i)
  local j, n = i + 1, #p
  if p:byte(j) == 94 then j = j + 1 end
  repeat
    if j > n then return nil end
    local c = p:byte(j)
    j = j + 1
    if c == 37 then
      if j > n then return nil end
      j = j + 1
    end
  until p:byte(j) == 93
  return j + 1
end

--- Whether Lua's matcher can run p with no error whatever the subject, and how many captures p has.
---@param p string
---@return boolean ok
---@return integer captures
local function well_formed(p)
  local i, n, open, closed, count = 1, #p, {}, {}, 0
  while i <= n do
    local c = p:byte(i)
    if c == 40 then -- '(': a capture opens
      count = count + 1
      if count > 32 then return false, count end
      open[#open + 1], i = count, i + 1
    elseif c == 41 then -- ')'
      if #open == 0 then return false, count end
      closed[open[#open]], open[#open], i = true, nil, i + 1
    elseif c == 91 then -- '['
      i = set_end(p, i)
      if not i then return false, count end
    elseif c == 37 then -- '%'
      local d = p:byte(i + 1)
      if d == nil then return false, count end
      if d == 98 then -- %bxy
        if i + 3 > n then return false, count end
        i = i + 4
      elseif d == 102 then -- %f[set]
        if p:byte(i + 2) ~= 91 then return false, count end
        i = set_end(p, i + 2)
        if not i then return false, count end
      elseif d >= 48 and d <= 57 then -- a back reference to a closed capture
        if not closed[d - 48] then return false, count end
        i = i + 2
      else
        i = i + 2
      end
    else
      i = i + 1
    end
  end
  return #open == 0, count
end

--- Whether gsub's replacement string repl is valid for a pattern with `count` captures.
local function good_replacement(repl, count)
  local i = c_find(repl, '%', 1, true)
  while i do
    local d = repl:byte(i + 1)
    if d == nil or d ~= 37 and (d < 48 or d > 57 or d - 48 > (count == 0 and 1 or count)) then return false end
    i = c_find(repl, '%', i + 2, true)
  end
  return true
end

--- The longest subject Lua's own matcher may take for each pattern, anchored as written or not (the
--- host works it out once per pattern: see safeSubjectLengths in string-library.ts), -1 for a pattern that
--- could raise an error (it always takes the slow path, where errors are raised as Lua's); and its captures.
--- Longer subjects go to the budgeted matcher.
local max_anchored, max_free, captures_of, known, limits = {}, {}, {}, 0, sys.str_limits

--- Works out (once per pattern) the subject lengths p is safe for.
local function learn(p)
  if known > 1000 then max_anchored, max_free, captures_of, known = {}, {}, {}, 0 end
  local ok, count = well_formed(p)
  if ok then max_anchored[p], max_free[p] = limits(p) else max_anchored[p], max_free[p] = -1, -1 end
  captures_of[p] = count
  known = known + 1
end

--- string.find: Lua's matcher when the pattern is bounded on this subject, the budgeted one otherwise.
function string.find(...)
  local s, p, init, plain = ...
  local max = max_anchored[p]
  if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
  if max and type(s) == 'string' and (#s <= max or plain) and (init == nil or math_type(init) == 'integer') then
    return c_find(s, p, init, plain)
  end
  local r = call_c('string.find', host_find, ...)
  return unpack(r, 2, r.n)
end

--- string.match, chosen as string.find.
function string.match(...)
  local s, p, init = ...
  local max = max_anchored[p]
  if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
  if max and type(s) == 'string' and #s <= max and (init == nil or math_type(init) == 'integer') then return c_match(s, p, init) end
  local r = call_c('string.match', host_match, ...)
  return unpack(r, 2, r.n)
end

--- Whether Lua's own matcher is safe for p over s (gmatch ignores '^'; gsub honours it).
local function bounded(s, p, honour_anchor)
  if not max_anchored[p] then learn(p) end
  return #s <= (honour_anchor and max_anchored[p] or max_free[p])
end

--- The checks Lua's gmatch and gsub make of their first two arguments.
local function check_strings(qualified, ...)
  local s, p = ...
  if type(s) ~= 'string' or type(p) ~= 'string' then
    local r = call_c(qualified, c_match, ...) -- string.match checks these two as gmatch and gsub do
    return r and tostring(s), tostring(p)
  end
  return s, p
end

--- string.gmatch: an iterator over the matches of p in s, from init.
function string.gmatch(...)
  local s, p, init = ...
  if type(s) == 'string' and type(p) == 'string' and bounded(s, p, false) and (init == nil or math_type(init) == 'integer') then
    return c_gmatch(s, p, init)
  end
  s, p = check_strings('string.gmatch', ...)
  local len = #s
  init = init or 1
  if math_type(init) ~= 'integer' then
    call_c('string.gmatch', c_gmatch, s, p, init) -- Lua's own argument error, or an init that converts
    init = math.tointeger(tonumber(init)) or 1
  end
  if init < 0 then init = math.max(len + init + 1, 1) elseif init == 0 then init = 1 end
  local pos, last = math.min(init, len + 1) - 1, -1
  return function()
    local r = pack(pcall(gmatch_next, s, p, pos, last))
    if not r[1] then raise_c('gmatch', r[2]) end -- named 'for iterator', as Lua's
    if r[2] == nil then pos = len + 1 return nil end
    pos, last = r[2], r[2]
    return unpack(r, 3, r.n)
  end
end

--- Calls a gsub replacement function as Lua's C gsub does: the program cannot yield in it.
local function callback(f, ...)
  local co = raw_running()
  local outer = in_callback[co]
  in_callback[co] = true
  local r = pack(pcall(f, ...))
  in_callback[co] = outer
  if not r[1] then error(r[2], 0) end
  return r[2]
end

--- string.gsub: replaces matches of p in s by repl (a string, a table or a function), at most n times. The very
--- string s comes back when nothing was replaced, as in Lua 5.4.
function string.gsub(...)
  local s, p, repl, n = ...
  local tr = type(repl)
  if tr == 'string' or tr == 'number' then
    local max = max_anchored[p] -- bounded(s, p, true), written out: gsub is often in hot loops
    if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
    local r, count
    if max and type(s) == 'string' and #s <= max and (n == nil or math_type(n) == 'integer')
      and (tr == 'number' or good_replacement(repl, captures_of[p])) then
      r, count = c_gsub(s, p, repl, n)
    else
      local all = call_c('string.gsub', gsub_string, ...)
      r, count = all[2], all[3]
    end
    if count == 0 then return s, 0 end
    return r, count
  end
  s, p = check_strings('string.gsub', ...)
  if tr ~= 'table' and tr ~= 'function' then
    call_c('string.gsub', c_gsub, ...) -- Lua's own argument error
  end
  local max = n == nil and #s + 1 or math.tointeger(n)
  if not max then call_c('string.gsub', c_gsub, s, p, repl, n) end
  local anchored = p:byte(1) == 94
  local parts, count, pos, last, changed = {}, 0, 0, -1, false
  while count < max do
    local r = pack(pcall(gsub_next, s, p, pos, last))
    if not r[1] then raise_c('string.gsub', r[2]) end
    if r[2] == nil then break end
    local value
    if tr == 'table' then value = repl[r[5]] else value = callback(repl, unpack(r, 5, r.n)) end
    if value == nil or value == false then value = r[4]
    elseif type(value) ~= 'string' and type(value) ~= 'number' then error('invalid replacement value (a ' .. type(value) .. ')', 2)
    else changed = true end
    parts[#parts + 1] = s:sub(pos + 1, r[2])
    parts[#parts + 1] = value
    count, pos, last = count + 1, r[3], r[3]
    if anchored then break end
  end
  if not changed then return s, count end
  parts[#parts + 1] = s:sub(pos + 1)
  return c_concat(parts), count
end

---------------------------------------------------------------------------------------------------
-- The native API
---------------------------------------------------------------------------------------------------

local write = sys.write

--- Prints its arguments, separated by tabs, to the process's output.
---@param ... any
function print(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  write(c_concat(parts, '\t', 1, n) .. '\n')
end

local native = {
  pid = sys.pid, ppid = sys.ppid, tid = sys.tid, args = sys.args, info = sys.info,
  write = write,
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

--- Runs a program from the store as a child process; returns its pid, or nil and why not.
--- (os.run(name, options?): options {args = {...}, runtime = NAME, context = CTX, contexts = {CTX, ...}})
native.run = sys.run

--- Runs Lua source text as a child process; returns its pid, or nil and why not.
--- (os.run_code(code, options?): the options of os.run, and name = NAME)
native.run_code = sys.run_code

--- Kills a process (this one or a descendant); returns true, or nil and why not.
---@param pid integer
function native.kill(pid)
  local ok, err = sys.kill(pid)
  if not ok then return nil, err end
  if pid == sys.pid() then raw_yield(FORWARD) end -- killing itself: stop here
  return true
end

--- Ends the process (every task) with an exit code (default 0).
---@param code? integer
function native.exit(code)
  sys.exit(code)
  raw_yield(FORWARD)
end

--- Seconds since the epoch, from the kernel clock (virtual in deterministic mode); with a table, Lua 5.4's
--- os.time in thox's time zone, UTC. That case is worked out here, not by the engine's mktime, which follows
--- the host's zone and differs between engines: each field an integer within a C int (Lua's messages), the
--- date normalised as mktime does, the normalised fields written back. The arithmetic is exact in 64-bit
--- integers (Lua 5.4); where integers are 32-bit (fengari) it is done in floats, and a result past them
--- stays a float.
---@param t? table
---@return integer
function native.time(t)
  if t == nil then return sys.time() end
  if type(t) ~= 'table' then error("bad argument #1 to 'time' (table expected, got " .. type(t) .. ')', 2) end
  local INT_MAX, INT_MIN = 2147483647, -2147483648
  local exact = math.maxinteger > INT_MAX and math.tointeger or function(x) return x + 0.0 end
  --- Lua's getfield: the field as an integer (numeric strings and integral floats too) minus delta, in a C int.
  ---@param key string
  ---@param default? integer
  ---@param delta integer
  local function field(key, default, delta)
    local v = t[key]
    local n = (type(v) == 'number' or type(v) == 'string') and tonumber(v)
    if not (n and n == n // 1 and n >= -2^63 and n < 2^63) then
      if v ~= nil then error("field '" .. key .. "' is not an integer", 3) end
      if default == nil then error("field '" .. key .. "' missing in date table", 3) end
      n = default
    elseif not (n >= 0 and n - delta <= INT_MAX or n < 0 and INT_MIN + delta <= n) then
      error("field '" .. key .. "' is out-of-bound", 3)
    end
    return exact(n) - delta
  end
  --- Days from 1970-01-01 to a proleptic Gregorian date (any month; floor division throughout).
  local function days_from_civil(y, m, d)
    y = y + (m - 1) // 12
    m = (m - 1) % 12 + 1
    if m <= 2 then y = y - 1 end
    local era, yoe = y // 400, y % 400
    local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
  end
  local year = field('year', nil, 1900) + 1900
  local month = field('month', nil, 1) + 1
  local day = field('day', nil, 0)
  local time = days_from_civil(year, month, day) * 86400
    + field('hour', 12, 0) * 3600 + field('min', 0, 0) * 60 + field('sec', 0, 0)
  -- the normalised date, as gmtime gives it
  local days, secs = time // 86400, time % 86400
  local z = days + 719468
  local era, doe = z // 146097, z % 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  month = mp < 10 and mp + 3 or mp - 9
  year = yoe + era * 400 + (month <= 2 and 1 or 0)
  if year - 1900 > INT_MAX or year - 1900 < INT_MIN then
    error('time result cannot be represented in this installation', 2)
  end
  local normal = {
    year = year, month = month, day = doy - (153 * mp + 2) // 5 + 1,
    hour = secs // 3600, min = secs % 3600 // 60, sec = secs % 60,
    yday = days - days_from_civil(year, 1, 1) + 1, wday = (days + 4) % 7 + 1,
  }
  local keys = { 'year', 'month', 'day', 'hour', 'min', 'sec', 'yday', 'wday' }
  for i = 1, #keys do t[keys[i]] = math.tointeger(normal[keys[i]]) or normal[keys[i]] end
  t.isdst = false
  -- mktime answers -1 for errors, so Lua refuses the one second it also stands for (1969-12-31 23:59:59)
  if time == -1 then error('time result cannot be represented in this installation', 2) end
  return math.tointeger(time) or time
end

--- os.date over the kernel clock. thox's local time zone is UTC, so runs replay on any host.
---@param format? string
---@param t? integer
function native.date(format, t)
  return sys.date(format, t)
end

os = native

--- What load in mode 'b' says: Lua's refusal of a text chunk, thox's of a binary one (a reader's pieces are read
--- up to the first byte that tells).
---@param chunk string|function
local function binary_only(chunk)
  local first = chunk
  if type(chunk) == 'function' then
    repeat first = chunk() until first == nil or first ~= ''
  end
  if type(first) == 'string' and first:byte(1) == 27 then return 'attempt to load a binary chunk (thox loads text chunks only)' end
  return "attempt to load a text chunk (mode is 'b')"
end

--- load, text chunks only, in this process's environment by default.
function load(chunk, chunkname, mode, env)
  if mode == 'b' then return nil, binary_only(chunk) end
  if mode ~= nil and mode ~= 't' and mode ~= 'bt' then
    error("bad argument #3 to 'load' (thox loads text chunks only)", 2)
  end
  if env == nil then env = process_env end
  if type(chunk) == 'string' and #chunk > BIG then
    local r = pack(costly('load', raw_load, chunk, chunkname, 't', env))
    return unpack(r, 1, r.n)
  end
  return raw_load(chunk, chunkname, 't', env)
end

---------------------------------------------------------------------------------------------------
-- Finalizers: Lua runs __gc with hooks off, where no preemption can reach it. So an object is never marked
-- for Lua's own finalization; a guard (a sandbox table with a tiny __gc of its own) is collected with it and
-- queues it, and a task of the process runs the queued finalizers as ordinary, preemptible code.
---------------------------------------------------------------------------------------------------

local raw_rawset, raw_pcall, raw_getmetatable, sys_spawn = rawset, pcall, debug.getmetatable, sys.spawn
local pending, first_pending, finalizing = {}, 1, false
--- Each finalizable object's guard, held only through the object (an ephemeron).
local guards = raw_setmetatable({}, { __mode = 'k' })

--- Runs the queued finalizers, in the order Lua would (the reverse of marking), each with its error ignored.
local function run_finalizers()
  while pending[first_pending] ~= nil do
    local o = pending[first_pending]
    pending[first_pending], first_pending = nil, first_pending + 1
    guards[o] = nil
    local mt = raw_getmetatable(o)
    local gc = type(mt) == 'table' and rawget(mt, '__gc')
    if gc then raw_pcall(gc, o) end
  end
  pending, first_pending = {}, 1
end

--- The finalizer task's body.
local function finalizer_task()
  run_finalizers()
  finalizing = false
end

--- A guard's finalizer (run by Lua's collector, hooks off): queues the object and starts the finalizer task.
local GUARD = {
  __gc = function(guard)
    pending[#pending + 1] = guard[1]
    if not finalizing and raw_pcall(sys_spawn, finalizer_task) then finalizing = true end
  end,
}

--- Sets mt (which has a __gc field) on value with `set`, the object left unmarked and guarded instead.
---@param set function
---@param value table|userdata
---@param mt table
local function gc_guard(set, value, mt)
  local gc = rawget(mt, '__gc')
  raw_rawset(mt, '__gc', nil)
  local ok, err = raw_pcall(set, value, mt)
  raw_rawset(mt, '__gc', gc)
  if not ok then error(err, 3) end
  if guards[value] == nil then guards[value] = raw_setmetatable({ value }, GUARD) end
  return value
end

--- setmetatable; a __gc field makes a guarded object whose finalizer runs as ordinary code.
function setmetatable(t, mt)
  if type(mt) == 'table' and rawget(mt, '__gc') ~= nil then
    if pending[first_pending] ~= nil then run_finalizers() end
    return gc_guard(raw_setmetatable, t, mt)
  end
  return raw_setmetatable(t, mt)
end

--- collectgarbage, Lua's: a collection is followed by a checkpoint (its time grows with the heap) and by the
--- finalizers it queued. Every option only affects this process's own heap.
function collectgarbage(...)
  local opt = ...
  local r = pack(pcall(raw_collect, ...))
  if opt == nil or opt == 'collect' or opt == 'step' then
    checkpoint()
    run_finalizers()
  end
  if not r[1] then raise_c('collectgarbage', r[2]) end
  return unpack(r, 2, r.n)
end

local loaded, loading = { string = string, table = table, math = math, utf8 = utf8, coroutine = coroutine }, {}
--- require: loads a single-file library from the library store, once per process.
---@param name string
function require(name)
  if type(name) ~= 'string' then error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ')', 2) end
  if loaded[name] ~= nil then return loaded[name] end
  if loading[name] then error("require: cycle detected while loading '" .. name .. "'", 2) end
  local source, where = sys.library(name)
  if not source then error("module '" .. name .. "' not found:" .. where, 2) end
  local chunk, err = raw_load(source, '@' .. where, 't', process_env)
  if not chunk then error(err, 2) end
  loading[name] = true
  local ok, result = pcall(chunk, name)
  loading[name] = nil
  if not ok then error(result, 0) end
  if result == nil then result = true end
  loaded[name] = result
  return result
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
--- The debug library (debug.lua, a kernel chunk of its own) is built on first use: most programs never load it.
local safe_debug, raw_debug, debug_chunk, sethook = { traceback = named_traceback }, debug, sys.debug_library, sys.sethook
local function open_debug()
  raw_setmetatable(safe_debug, nil)
  raw_load(debug_chunk(), '=kernel:debug', 'b')(raw_debug, safe_debug, gc_guard, sethook)
end
raw_setmetatable(safe_debug, {
  __index = function(_, key) open_debug() return rawget(safe_debug, key) end,
  __pairs = function(t) open_debug() return next, t, nil end,
})
debug, loaded.debug = safe_debug, safe_debug
io, package, dofile, loadfile, fengari = nil, nil, nil, nil, nil
