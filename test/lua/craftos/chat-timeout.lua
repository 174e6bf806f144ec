-- A chat host on computer 0 (stopped by Ctrl+T from the test's input script) with two scripted members: carol
-- (computer 1) logs in and then never answers the host's pings; dave (computer 2) answers them and prints what the
-- host sends him until the host closes the room.

local id = os.getComputerID()
if id == 0 then
  os.run({}, '/rom/programs/chat.lua', 'host', 'lobby')
  return
end
rednet.open('top')
sleep(2 + id)
local host = rednet.lookup('chat', 'lobby')
local name = id == 1 and 'carol' or 'dave'
rednet.send(host, { type = 'login', nickname = name }, 'chat')
if name == 'carol' then return end
while true do
  local from, m = rednet.receive('chat', 100)
  if not from then break end
  if m.type == 'ping' then rednet.send(host, { type = 'pong' }, 'chat') end
  if m.text then print('dave sees: ' .. m.text) end
  if m.type == 'kick' then break end
end
