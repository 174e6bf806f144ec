-- console: text on a terminal as a teletype writes it: wrapped at the right edge, scrolled at the bottom, with
-- \n, \r and \t (to the next multiple of 8). What the shell shows of output on a terminal (docs/shell.md).

local Console = {}
Console.__index = Console

--- Moves to the start of the next row, scrolling when the cursor is on the last.
function Console:newline()
  local t = self.term
  local _, y = t.getCursorPos()
  local _, h = t.getSize()
  if y >= h then
    t.scroll(y - h + 1)
    t.setCursorPos(1, h)
  else
    t.setCursorPos(1, y + 1)
  end
end

--- Writes text at the cursor.
---@param text string
function Console:write(text)
  local t = self.term
  local width = t.getSize()
  for piece, sep in text:gmatch('([^\n\r\t]*)([\n\r\t]?)') do
    while #piece > 0 do
      local x = t.getCursorPos()
      if x > width then
        self:newline()
        x = 1
      end
      local room = width - x + 1
      t.write(piece:sub(1, room))
      piece = piece:sub(room + 1)
    end
    if sep == '\n' then
      self:newline()
    elseif sep == '\r' then
      local _, y = t.getCursorPos()
      t.setCursorPos(1, y)
    elseif sep == '\t' then
      local x = t.getCursorPos()
      t.write((' '):rep(8 - (x - 1) % 8))
    end
  end
end

--- Makes sure the cursor is at the start of a row (a newline when something is written on its row).
function Console:fresh_line()
  if self.term.getCursorPos() > 1 then self:newline() end
end

--- A console over a terminal object (require('term') or one of term.open's).
---@param term table
---@return table
local function new(term)
  return setmetatable({ term = term }, Console)
end

return { new = new }
