-- demo_step: one service of the demo graph (docs/services.md): says it starts, works `delay` seconds, then is
-- ready (a oneshot just ends there); it stops when init sends 'terminate'.

local service = require('service')
local name, delay, kind = ...
print(name .. ': starting')
os.sleep(tonumber(delay) or 0)
if kind == 'oneshot' then
  print(name .. ': done')
  return
end
service.ready()
print(name .. ': ready')
repeat
  local e = os.pull()
until e.type == 'terminate'
print(name .. ': stopping')
