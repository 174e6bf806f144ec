-- The kernel's prelude, run first in every new process: builds the sandboxed native environment
-- (no host access) and the wrapped coroutine library that carries preemptions and system calls up to the kernel.
local sys = sys
_G.sys = nil

local pack, unpack, select, type, error, rawget = table.pack, table.unpack, select, type, error, rawget
local raw_create, raw_resume, raw_yield = coroutine.create, coroutine.resume, coroutine.yield
local raw_status, raw_isyieldable, raw_close = coroutine.status, coroutine.isyieldable, coroutine.close
local raw_load, raw_setmetatable, raw_collect = load, setmetatable, collectgarbage
local raw_date, raw_time, traceback = os.date, os.time, debug.traceback
local process_env = _G

--- The private value a forwarding yield carries up the chain of user coroutines to the kernel.
local FORWARD = {}

---------------------------------------------------------------------------------------------------
-- Coroutines: a hook-yield or a blocking system call deep inside user coroutines reaches the
-- kernel, and the kernel's answer travels back down to the exact place that was interrupted.
---------------------------------------------------------------------------------------------------

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
      error('cannot block here: a system call inside a C call (sort comparator, gsub callback, metamethod) cannot wait', 2)
    else
      sys.defer() -- inside a C call the preemption cannot pass: the kernel counts it and may kill
      r = pack(raw_resume(co))
    end
  end
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

coroutine.resume = resume
coroutine.wrap = wrap

--- Turns a blocking host call into a system call: the host either answers at once (true, ...)
--- or registers the request (false), and the task yields until the kernel wakes it with the answer.
local function blocking(host)
  return function(...)
    local r = pack(host(...))
    if r[1] then return unpack(r, 2, r.n) end
    if not raw_isyieldable() then
      sys.cancel()
      error('cannot block here: a system call inside a C call (sort comparator, gsub callback, metamethod) cannot wait', 2)
    end
    return raw_yield(FORWARD)
  end
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
  write(table.concat(parts, '\t', 1, n) .. '\n')
end

local native = {
  pid = sys.pid, ppid = sys.ppid, tid = sys.tid, args = sys.args, info = sys.info,
  write = write, run = sys.run, run_code = sys.run_code, kill = sys.kill,
  timer = sys.timer, cancel = sys.cancel_timer, queue = sys.queue,
  clock = sys.clock, epoch = sys.epoch,
  wait = blocking(sys.wait), sleep = blocking(sys.sleep), pull = blocking(sys.pull),
  yield = blocking(sys.yield), join = blocking(sys.join),
  difftime = os.difftime,
}

--- Starts a new task (a Lua thread of this process) running fn(...); returns its task id.
---@param fn function
---@return integer tid
function native.spawn(fn, ...)
  if type(fn) ~= 'function' then error("bad argument #1 to 'spawn' (function expected, got " .. type(fn) .. ')', 2) end
  local args = pack(...)
  return sys.spawn(function() return fn(unpack(args, 1, args.n)) end)
end

--- Ends the process (every task) with an exit code (default 0).
---@param code? integer
function native.exit(code)
  sys.exit(code)
  raw_yield(FORWARD)
end

--- Seconds since the epoch, from the kernel clock (virtual in deterministic mode); with a table, as Lua's os.time.
---@param t? table
---@return integer
function native.time(t)
  if t ~= nil then return raw_time(t) end
  return sys.time()
end

--- os.date over the kernel clock.
---@param format? string
---@param t? integer
function native.date(format, t)
  return raw_date(format, t or sys.time())
end

os = native

--- load, text chunks only, in this process's environment by default.
function load(chunk, chunkname, mode, env)
  if mode ~= nil and mode ~= 't' and mode ~= 'bt' then
    error("bad argument #3 to 'load' (thox loads text chunks only)", 2)
  end
  if env == nil then env = process_env end
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
  return raw_collect(opt, ...)
end

local loaded, loading = {}, {}
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

math.randomseed(sys.seed())
string.dump = nil
debug = { traceback = traceback }
io, package, dofile, loadfile = nil, nil, nil, nil
