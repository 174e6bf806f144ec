-- service: what a Lua service and its clients ask init (pid 1) through the `service` context.
-- local service = require('service'); service.ready(); local kv = os.rpc(service.find('kv')); service.restart('kv').

local service = {}

--- Calls `service.NAME` on the root context, raising its error at the caller of the function that called it
--- (the functions below return `(ask(...))`, not a tail call, so that caller is level 3).
---@param name string
---@return any
local function ask(name, ...)
  local cid = os.call(0, 'service.' .. name, ...)
  local a = os.pull({ type = 'answer', cid = cid })
  if a.status ~= os.status.OK then error(tostring(a.args[1]), 3) end
  return table.unpack(a.args, 1, a.args.n)
end

--- A 'notify' service tells init it is ready: its dependents start, clients can find it.
function service.ready()
  return (ask('ready'))
end

--- The context this service binds its calls on (the one clients find by its name).
---@return integer
function service.context()
  return (ask('context'))
end

--- The context of a ready service, to call it with os.call or os.rpc; an error naming its state otherwise.
---@param name string
---@return integer
function service.find(name)
  return (ask('find', name))
end

--- A service's name, type, target, state (as `svc status` shows it) and pid when it runs.
---@param name string
---@return table
function service.status(name)
  return (ask('status', name))
end

--- Every service, as service.status describes them, in name order.
---@return table
function service.list()
  return (ask('list'))
end

--- Wants a service up (with what it requires or wants); its status after init reconciled.
---@param name string
---@return table
function service.start(name)
  return (ask('start', name))
end

--- Wants a service down (with what requires it); its status once its process has ended.
---@param name string
---@return table
function service.stop(name)
  return (ask('stop', name))
end

--- Stops a service and starts it again; its status once the old process has ended.
---@param name string
---@return table
function service.restart(name)
  return (ask('restart', name))
end

--- Forgets a service's failures (start limit, backoff); starts it again if it is wanted up.
---@param name string
---@return table
function service.reset(name)
  return (ask('reset', name))
end

--- Reads the definitions again: `{added, changed, removed, errors}`.
---@return table
function service.reload()
  return (ask('reload'))
end

return service
