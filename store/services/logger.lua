-- logger: a service that writes the lines other processes send it. It binds `log(text)` on its service
-- context (service.context()); each line is printed, so it lands in its log ring and the system log.

local service = require('service')
local ctx = service.context()
assert(os.bind(ctx, 'log'))
while true do
  local e = os.pull()
  if e.type == 'terminate' then return end
  if e.type == 'call' then
    local text = e.args[1]
    if type(text) ~= 'string' then
      os.answer(e.cid, os.status.BAD_ARGUMENT, 'log(text): text must be a string')
    else
      print(('[%d] %s'):format(e.pid, text))
      os.answer(e.cid, os.status.OK, true)
    end
  end
end
