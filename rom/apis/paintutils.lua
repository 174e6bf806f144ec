-- CraftOS's paintutils API: images as rows of colours (parsed from blit digits, as `paint` saves them) and pixels,
-- lines and boxes drawn on the current `term` as spaces on a background colour (docs/craftos/libraries-b.md).

local expect = dofile("rom/modules/main/cc/expect.lua").expect

local floor, abs, min, max = math.floor, math.abs, math.min, math.max

--- Parses an image: one row a line, one pixel a character; a blit digit is its colour, anything else 0 (clear).
---@param image string
---@return table image rows of colours
function parseImage(image)
  expect(1, image, "string")
  local rows = {}
  for line in (image .. "\n"):gmatch("(.-)\n") do
    local row = {}
    for i = 1, #line do
      local digit = tonumber(line:sub(i, i), 16)
      row[i] = digit and 1 << digit or 0
    end
    rows[#rows + 1] = row
  end
  return rows
end

--- Loads an image file, or nil when there is none.
---@param path string
---@return table|nil image
function loadImage(path)
  expect(1, path, "string")
  if not fs.exists(path) then return nil end
  local file = fs.open(path, "r")
  local content = file.readAll()
  file.close()
  return parseImage(content)
end

--- Paints the cell (x, y) in `colour` (default: the current background colour).
---@param x number
---@param y number
---@param colour? number
function drawPixel(x, y, colour)
  expect(1, x, "number")
  expect(2, y, "number")
  expect(3, colour, "number", "nil")
  if colour then term.setBackgroundColour(colour) end
  term.setCursorPos(x, y)
  term.write(" ")
end

--- Paints a run of `n` cells from (x, y) rightwards in the current background colour.
local function run(x, y, n)
  term.setCursorPos(x, y)
  term.write((" "):rep(n))
end

--- Draws a straight line between two points, both included.
---@param start_x number
---@param start_y number
---@param end_x number
---@param end_y number
---@param colour? number
function drawLine(start_x, start_y, end_x, end_y, colour)
  expect(1, start_x, "number")
  expect(2, start_y, "number")
  expect(3, end_x, "number")
  expect(4, end_y, "number")
  expect(5, colour, "number", "nil")
  start_x, start_y, end_x, end_y = floor(start_x), floor(start_y), floor(end_x), floor(end_y)
  if colour then term.setBackgroundColour(colour) end
  local dx, dy = end_x - start_x, end_y - start_y
  local steps = max(abs(dx), abs(dy))
  if steps == 0 then return run(start_x, start_y, 1) end
  for i = 0, steps do
    run(start_x + floor(dx * i / steps + 0.5), start_y + floor(dy * i / steps + 0.5), 1)
  end
end

--- The corners of a box in order (left, top, right, bottom), whole cells.
local function corners(start_x, start_y, end_x, end_y)
  start_x, start_y, end_x, end_y = floor(start_x), floor(start_y), floor(end_x), floor(end_y)
  return min(start_x, end_x), min(start_y, end_y), max(start_x, end_x), max(start_y, end_y)
end

--- A run of `n` cells from (x, y) in the colour as both text and background (as CC's boxes are drawn).
local function solid(x, y, n, digit)
  term.setCursorPos(x, y)
  term.blit((" "):rep(n), digit:rep(n), digit:rep(n))
end

--- The blit digit of a box's colour: `colour`, which becomes the background, else the background now.
local function box_digit(colour)
  if colour then term.setBackgroundColour(colour) end
  return colours.toBlit(term.getBackgroundColour())
end

--- Draws the outline of a box with the two corners given.
---@param start_x number
---@param start_y number
---@param end_x number
---@param end_y number
---@param colour? number
function drawBox(start_x, start_y, end_x, end_y, colour)
  expect(1, start_x, "number")
  expect(2, start_y, "number")
  expect(3, end_x, "number")
  expect(4, end_y, "number")
  expect(5, colour, "number", "nil")
  local digit = box_digit(colour)
  local left, top, right, bottom = corners(start_x, start_y, end_x, end_y)
  local width = right - left + 1
  solid(left, top, width, digit)
  for y = top + 1, bottom - 1 do
    solid(left, y, 1, digit)
    if right > left then solid(right, y, 1, digit) end
  end
  if bottom > top then solid(left, bottom, width, digit) end
end

--- Draws a filled box with the two corners given.
---@param start_x number
---@param start_y number
---@param end_x number
---@param end_y number
---@param colour? number
function drawFilledBox(start_x, start_y, end_x, end_y, colour)
  expect(1, start_x, "number")
  expect(2, start_y, "number")
  expect(3, end_x, "number")
  expect(4, end_y, "number")
  expect(5, colour, "number", "nil")
  local digit = box_digit(colour)
  local left, top, right, bottom = corners(start_x, start_y, end_x, end_y)
  for y = top, bottom do solid(left, y, right - left + 1, digit) end
end

--- Draws an image (from parseImage or loadImage) with its top left corner at (x, y); clear pixels are skipped.
---@param image table
---@param x number
---@param y number
function drawImage(image, x, y)
  expect(1, image, "table")
  expect(2, x, "number")
  expect(3, y, "number")
  for row = 1, #image do
    local pixels = image[row]
    for column = 1, #pixels do
      if pixels[column] > 0 then drawPixel(x + column - 1, y + row - 1, pixels[column]) end
    end
  end
end
