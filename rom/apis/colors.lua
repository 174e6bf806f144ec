-- colors: the 16 terminal colours as bit flags (2^0 white … 2^15 black), sets of them, and their conversions to
-- and from RGB and blit characters (the one-hex-digit names term.blit uses). colours.lua re-exports it.

local expect = dofile("rom/modules/main/cc/expect.lua").expect

white = 0x1
orange = 0x2
magenta = 0x4
lightBlue = 0x8
yellow = 0x10
lime = 0x20
pink = 0x40
gray = 0x80
lightGray = 0x100
cyan = 0x200
purple = 0x400
blue = 0x800
brown = 0x1000
green = 0x2000
red = 0x4000
black = 0x8000

--- The set holding every colour given.
---@param ... integer colours or sets of colours
---@return integer
function combine(...)
  local set = 0
  for i = 1, select("#", ...) do
    local c = select(i, ...)
    expect(i, c, "number")
    set = set | math.floor(c)
  end
  return set
end

--- The set `colors` without the colours given.
---@param colors integer
---@param ... integer
---@return integer
function subtract(colors, ...)
  expect(1, colors, "number")
  local set = math.floor(colors)
  for i = 1, select("#", ...) do
    local c = select(i, ...)
    expect(i + 1, c, "number")
    set = set & ~math.floor(c)
  end
  return set
end

--- Whether the set `colors` holds every colour of `color`.
---@param colors integer
---@param color integer
---@return boolean
function test(colors, color)
  expect(1, colors, "number")
  expect(2, color, "number")
  local c = math.floor(color)
  return math.floor(colors) & c == c
end

--- One 24-bit number 0xRRGGBB from three channels between 0 and 1.
---@param r number
---@param g number
---@param b number
---@return integer
function packRGB(r, g, b)
  expect(1, r, "number")
  expect(2, g, "number")
  expect(3, b, "number")
  local function byte(x) return math.floor(x * 255) & 0xFF end
  return byte(r) << 16 | byte(g) << 8 | byte(b)
end

--- The three channels (between 0 and 1) of a 24-bit number 0xRRGGBB.
---@param rgb integer
---@return number r, number g, number b
function unpackRGB(rgb)
  expect(1, rgb, "number")
  local n = math.floor(rgb)
  return (n >> 16 & 0xFF) / 255, (n >> 8 & 0xFF) / 255, (n & 0xFF) / 255
end

--- packRGB with three arguments, unpackRGB with one (the old name of both).
---@param r number
---@param g? number
---@param b? number
---@return number ...
function rgb8(r, g, b)
  if g == nil and b == nil then return unpackRGB(r) end
  return packRGB(r, g, b)
end

--- The blit character ("0"…"f") of one colour.
---@param color integer
---@return string
function toBlit(color)
  expect(1, color, "number")
  if color < 1 or color > 0xFFFF then error("Colour out of range", 2) end
  local bit = 0
  while math.floor(color) >> (bit + 1) ~= 0 do bit = bit + 1 end
  return string.format("%x", bit)
end

--- The colour of a blit character, or nil when it is not one.
---@param hex string
---@return integer|nil
function fromBlit(hex)
  expect(1, hex, "string")
  if #hex ~= 1 then return nil end
  local bit = tonumber(hex, 16)
  if bit == nil then return nil end
  return 1 << bit
end
