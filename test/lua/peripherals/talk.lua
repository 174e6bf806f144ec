-- Two computers over wireless modems on 'top': computer 0 sends on channel 1 and waits for the answer on 2;
-- every other computer answers what it hears.
local P = os.rpc(0).peripheral
local computer = os.rpc(0).computer
local id = computer.getID()
if id == 0 then
  P.call('top', 'open', 2)
  os.sleep(0.1)
  P.call('top', 'transmit', 1, 2, { text = 'hello from ' .. tostring(computer.getLabel()) })
  local e = os.pull('modem_message')
  print('0 got', e.message, 'on', e.channel, 'distance', e.distance)
else
  P.call('top', 'open', 1)
  local e = os.pull('modem_message')
  print(id .. ' (' .. tostring(computer.getLabel()) .. ') got', e.message.text, 'reply on', e.replyChannel, 'distance', e.distance)
  P.call('top', 'transmit', e.replyChannel, 1, 'thanks')
end
