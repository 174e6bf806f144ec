-- thox runtime "openos": a small OpenComputers-flavoured runtime, the worked example of docs/runtimes.md: `component`
-- over the peripheral device, `computer` over the clock and the event queue, and an `os` without thox's natives.

--------------------------------------------------------------------------------
-- Step 1: keep the natives this runtime needs in locals, before `os` is replaced
--------------------------------------------------------------------------------

local native = os
local n_call, n_pull, n_queue, n_epoch = native.call, native.pull, native.queue, native.epoch
local OK = native.status.OK
local error, ipairs, next, select, setmetatable, type = error, ipairs, next, select, setmetatable, type
local unpack = table.unpack
local booted = n_epoch()

--------------------------------------------------------------------------------
-- Step 2: one way to reach a device: a call on context 0, its answer pulled
--------------------------------------------------------------------------------

--- Calls NAME on context 0 and returns its values; a refusal is raised at `level` (as `error`'s: 2 is invoke's
--- caller, which is the program when an API function tail-calls invoke, since a tail call leaves no frame).
---@param level integer
---@param name string
---@return any ...
local function invoke(level, name, ...)
  local answer = n_pull({ type = 'answer', cid = n_call(0, name, ...) })
  local args = answer.args
  if answer.status == OK then return unpack(args, 1, args.n) end
  error(args[1] or 'failed', level)
end

--------------------------------------------------------------------------------
-- Step 3: the environment's APIs, written over `invoke`
--------------------------------------------------------------------------------

local component = {}

--- The components whose type contains `filter` (all without one): address → type, callable as an iterator.
---@param filter string|nil
---@return table
function component.list(filter)
  if filter ~= nil and type(filter) ~= 'string' then
    error(("bad argument #1 to 'list' (string expected, got %s)"):format(type(filter)), 2)
  end
  local found = {}
  for _, address in ipairs(invoke(3, 'peripheral.getNames')) do
    local kind = invoke(3, 'peripheral.getType', address)
    if filter == nil or kind:find(filter, 1, true) then found[address] = kind end
  end
  local key
  return setmetatable(found, {
    __call = function()
      key = next(found, key)
      return key, found[key]
    end,
  })
end

--- The type of the component at `address`, or nil.
---@param address string
---@return string|nil
function component.type(address) return invoke(2, 'peripheral.getType', address) end

--- Calls `method` of the component at `address`.
---@param address string
---@param method string
---@return any ...
function component.invoke(address, method, ...) return invoke(2, 'peripheral.call', address, method, ...) end

--- A table with the component's methods as functions, its `address` and `type`; nil and a reason if none is there.
---@param address string
---@return table|nil, string|nil
function component.proxy(address)
  local methods = invoke(3, 'peripheral.getMethods', address)
  if not methods then return nil, 'no such component' end
  local proxy = { address = address, type = invoke(3, 'peripheral.getType', address) }
  for _, method in ipairs(methods) do
    proxy[method] = function(...) return invoke(2, 'peripheral.call', address, method, ...) end
  end
  return proxy
end

local computer = {}

--- Seconds since the process started.
---@return number
function computer.uptime() return (n_epoch() - booted) / 1000 end

--- Queues a signal: its name and values, as pullSignal gives them back.
---@param name string
function computer.pushSignal(name, ...)
  if type(name) ~= 'string' then error(("bad argument #1 to 'pushSignal' (string expected, got %s)"):format(type(name)), 2) end
  n_queue({ type = 'signal', n = select('#', ...) + 1, name, ... })
end

--- The next signal's name and values, or nothing after `timeout` seconds.
---@param timeout number|nil
---@return any ...
function computer.pullSignal(timeout)
  local signal = n_pull('signal', timeout)
  if signal then return unpack(signal, 1, signal.n) end
end

--------------------------------------------------------------------------------
-- Step 4: replace the globals; the natives stay reachable only through the locals above
--------------------------------------------------------------------------------

_ENV.os = {
  clock = native.clock,
  date = native.date,
  difftime = native.difftime,
  getenv = native.getenv,
  sleep = native.sleep,
  time = native.time,
}
_ENV.component, _ENV.computer = component, computer
-- no runner: the kernel runs the program itself (a file, or a stored program by name)
