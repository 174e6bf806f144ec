-- os.rpc, the blocking proxy for calls on a context (a kernel chunk, loaded by a program's first os.rpc).
---@type table, table, function
local native, STATUS_NAMES, raw_setmetatable = ...
local pcall, error, tostring, unpack = pcall, error, tostring, table.unpack
local c_match = string.match

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
local function new_proxy(ctx, options)
  options = options or {}
  local function proxy(prefix)
    return raw_setmetatable({}, {
      __index = function(_, key) return proxy(prefix and (prefix .. '.' .. key) or key) end,
      __call = function(_, ...)
        if not prefix then error('os.rpc: name a call, as in os.rpc(ctx).name(...)', 2) end
        return rpc_call(ctx, prefix, options, ...)
      end,
    })
  end
  return proxy(nil)
end

return new_proxy
