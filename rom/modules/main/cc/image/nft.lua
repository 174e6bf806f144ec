-- cc.image.nft: the "Nitrogen Fingers Text" image format — text with colour codes (byte 30 then a blit digit sets
-- the background, byte 31 then a digit the text colour) — parsed into blit lines and drawn on a terminal.

local expect = require("cc.expect").expect

local BACKGROUND, FOREGROUND = "\30", "\31"

--- Parses an NFT image into lines of { text, foreground, background } (blit strings of one length). A colour
--- code holds until the next one, across lines; the image starts white on black.
---@param image string
---@return table lines
local function parse(image)
  expect(1, image, "string")
  local lines = {}
  local fg, bg = "0", "f"
  -- each line ends at a newline or the end of the text; nothing after the last newline is no line
  if image ~= "" and image:sub(-1) ~= "\n" then image = image .. "\n" end
  for line in image:gmatch("([^\n]*)\n") do
    local text, fgs, bgs = {}, {}, {}
    local i = 1
    while i <= #line do
      local c = line:sub(i, i)
      if c == BACKGROUND or c == FOREGROUND then
        local digit = line:sub(i + 1, i + 1)
        if digit ~= "" then
          if c == BACKGROUND then bg = digit else fg = digit end
        end
        i = i + 2
      else
        text[#text + 1], fgs[#fgs + 1], bgs[#bgs + 1] = c, fg, bg
        i = i + 1
      end
    end
    lines[#lines + 1] = { text = table.concat(text), foreground = table.concat(fgs), background = table.concat(bgs) }
  end
  return lines
end

--- Loads and parses an NFT file; nil and the reason when it cannot be read.
---@param path string
---@return table|nil lines
---@return string|nil why
local function load(path)
  expect(1, path, "string")
  local file, why = fs.open(path, "r")
  if not file then return nil, why end
  local content = file.readAll()
  file.close()
  return parse(content)
end

--- Draws a parsed image with its top left corner at (x, y) on `target` (default: the current term).
---@param image table
---@param x number
---@param y number
---@param target? table
local function draw(image, x, y, target)
  expect(1, image, "table")
  expect(2, x, "number")
  expect(3, y, "number")
  expect(4, target, "table", "nil")
  target = target or term
  for i, line in ipairs(image) do
    target.setCursorPos(x, y + i - 1)
    target.blit(line.text, line.foreground, line.background)
  end
end

return { parse = parse, load = load, draw = draw }
