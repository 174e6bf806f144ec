-- A chat room over three computers with a modem each: computer 1 hosts "lobby" (for 40 s); computer 0 joins as
-- alice (the shown computer: its typing comes from the test's input script); computer 2 is bob, a script speaking
-- the chat protocol itself, printing every line the host sends him and saying hello when alice arrives.

local id = os.getComputerID()
if id == 1 then
  parallel.waitForAny(function() os.run({}, '/rom/programs/chat.lua', 'host', 'lobby') end, function() sleep(40) end)
elseif id == 0 then
  sleep(4) -- the host asks the network for two seconds whether "lobby" is taken
  os.run({}, '/rom/programs/chat.lua', 'join', 'lobby', 'alice')
else
  rednet.open('top')
  sleep(3)
  local host = rednet.lookup('chat', 'lobby')
  rednet.send(host, { type = 'login', nickname = 'bob' }, 'chat')
  while true do
    local from, m = rednet.receive('chat', 30)
    if not from then break end
    if m.text then print('bob sees: ' .. m.text) end
    if m.text == '* alice has joined the chat' then rednet.send(host, { type = 'chat', text = 'hi alice' }, 'chat') end
    if m.text == '* ally has left the chat' then break end
  end
  rednet.send(host, { type = 'logout' }, 'chat')
end
