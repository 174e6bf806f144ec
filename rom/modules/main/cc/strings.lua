-- cc.strings: text layout helpers: wrapping a text into lines of a width, fitting one line to a width, and
-- splitting a string at a separator.

local expect_module = require("cc.expect")
local expect, range = expect_module.expect, expect_module.range

--- The width of the current terminal (the default width of wrap and ensure_width).
local function terminal_width()
  local width = term.getSize()
  return width
end

--- Appends to `lines` the paragraph `text` (no newlines) cut into lines of at most `width` characters, breaking
--- at spaces where it can and inside a word longer than a line. The spaces after a word stay on its line as far
--- as they fit; the rest are dropped.
local function wrap_paragraph(text, width, lines)
  local line = ""
  for space, word in text:gmatch("(%s*)(%S*)") do
    line = (line .. space):sub(1, width)
    if #line + #word <= width then
      line = line .. word
    else
      if line ~= "" then lines[#lines + 1] = line end
      line = word
      while #line > width do
        lines[#lines + 1] = line:sub(1, width)
        line = line:sub(width + 1)
      end
    end
  end
  lines[#lines + 1] = line
end

--- The lines of `text` wrapped to `width` (default: the terminal's width): each newline starts a line, and
--- words move to the next line rather than cross the edge.
---@param text string
---@param width? integer
---@return string[]
local function wrap(text, width)
  expect(1, text, "string")
  expect(2, width, "number", "nil")
  width = range(width or terminal_width(), 1)
  local lines = {}
  for paragraph in (text .. "\n"):gmatch("(.-)\n") do wrap_paragraph(paragraph, width, lines) end
  return lines
end

--- The line cut or padded with spaces to exactly `width` characters (default: the terminal's width).
---@param line string
---@param width? integer
---@return string
local function ensure_width(line, width)
  expect(1, line, "string")
  expect(2, width, "number", "nil")
  width = width or terminal_width()
  line = line:sub(1, width)
  if #line < width then line = line .. (" "):rep(width - #line) end
  return line
end

--- The parts of `str` between occurrences of `deliminator` (a Lua pattern unless `plain`); with `limit`, at
--- most that many parts, the last holding the rest of the string.
---@param str string
---@param deliminator string
---@param plain? boolean
---@param limit? integer
---@return string[]
local function split(str, deliminator, plain, limit)
  expect(1, str, "string")
  expect(2, deliminator, "string")
  expect(3, plain, "boolean", "nil")
  expect(4, limit, "number", "nil")
  if deliminator == "" then error("separator is empty", 2) end
  local parts, start = {}, 1
  while not limit or #parts < limit - 1 do
    local first, last = str:find(deliminator, start, plain)
    if not first or last < first then break end
    parts[#parts + 1] = str:sub(start, first - 1)
    start = last + 1
  end
  parts[#parts + 1] = str:sub(start)
  return parts
end

return { wrap = wrap, ensure_width = ensure_width, split = split }
