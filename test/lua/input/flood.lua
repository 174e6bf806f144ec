-- Sleeps while 299 input events arrive, then pulls them: 256 wait, 43 were dropped (the next one delivered says so).
local term = require('term')
local input = require('input')
term.write('ready')
os.sleep(1)
local n = 0
while true do
  local e = os.pull()
  if e.type == 'terminate' then
    print('terminate carries dropped=' .. tostring(e.dropped))
    break
  end
  n = n + 1
end
print(n .. ' waited, ' .. input.dropped() .. ' dropped')
