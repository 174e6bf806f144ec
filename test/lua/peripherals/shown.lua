-- Every computer draws a row naming itself and prints; the computer whose id is arg 1 (default 0) also waits for a
-- typed character (for the tests of what thox run shows and traces of several computers).
local term = require('term')
local id = os.rpc(0).computer.getID()
term.write('terminal of ' .. id)
term.setCursorPos(1, 2)
print('printed by ' .. id)
if id == (tonumber((...)) or 0) then print('got ' .. os.pull('char').char) end
