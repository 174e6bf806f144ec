-- Draws on the monitor attached on top and on the session terminal (for the monitor tests of thox run).
local P = os.rpc(0).peripheral
local term = require('term')
local call = function(...) return P.call('top', ...) end
call('setBackgroundColour', 2048)
call('clear')
call('setCursorPos', 1, 1)
call('write', 'on the monitor')
call('setCursorPos', 1, 2)
call('write', 'second row')
call('setCursorPos', 1, 3)
term.write('on the terminal')
term.setCursorPos(1, 2)
print('printed')
