-- Shows the terminal's size on its second row, at the start and at each term_resize (printing each event's size),
-- until terminate: for the host resize tests.
local term = require('term')
local function show()
  term.setCursorPos(1, 2)
  term.clearLine()
  term.write('size ' .. table.concat({ term.getSize() }, ' '))
end
term.write('ready')
show()
while true do
  local e = os.pull()
  if e.type == 'terminate' then break end
  if e.type == 'term_resize' then
    show()
    print('term_resize ' .. table.concat({ term.getSize() }, ' '))
  end
end
