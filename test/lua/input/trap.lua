-- Traps interrupts: SIGINT arrives as a terminate event, and the program ends on its own terms.
local input = require('input')
input.trap(true)
print('ready')
while true do
  os.timer(0.05) -- something to wait for besides input, so the run is not a deadlock
  local e = os.pull()
  if e.type == 'terminate' then break end
end
print('terminate pulled: cleaning up')
