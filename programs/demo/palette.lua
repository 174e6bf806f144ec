-- Draws on the terminal: a title, the 16 colours of the palette as blit cells, and a bar that fills up.
-- thox run palette (in a terminal), or thox run --headless palette (as text lines).
local term = require('term')
local c = term.colours
local width = term.getSize()

term.setBackgroundColour(c.black)
term.clear()
term.setCursorPos(1, 1)
term.setTextColour(c.yellow)
term.write('The palette')
term.setCursorPos(1, 2) -- a newline: headless prints the row
local digits = '0123456789abcdef'
term.blit(digits, ('f'):rep(16), digits)
term.setCursorPos(1, 3)
term.setTextColour(c.lime)
for x = 1, width do
  term.setCursorPos(x, 4)
  term.blit('\x95', 'd', 'f') -- a left-half block, CraftOS glyph 0x95
  os.sleep(0.01)
end
term.setCursorPos(1, 5)
term.setTextColour(c.white)
term.write('done')
term.setCursorPos(1, 6)
