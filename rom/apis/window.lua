-- CraftOS's window API: `window.create` makes a terminal object that keeps its own buffer of text, colours and palette
-- and draws it on a parent terminal while it is visible (docs/craftos/libraries-b.md).

local expect = dofile("rom/modules/main/cc/expect.lua").expect

local floor, max, min = math.floor, math.max, math.min
local DIGIT, COLOUR = {}, {} -- the colour 2^i <-> its blit digit (i in hex)
do
  local colour = 1
  for i = 1, 16 do
    local digit = ("0123456789abcdef"):sub(i, i)
    DIGIT[colour], COLOUR[digit] = digit, colour
    colour = colour * 2
  end
end

--- The blit digit of a colour 2^i, or an error at the caller of the window method. A combination of colours is
--- its highest one, as CC's terminals take it.
---@param colour number
---@return string
local function blit_digit(colour)
  local digit = DIGIT[colour]
  if digit then return digit end
  local i = colour >= 1 and floor(math.log(colour, 2)) or -1
  if i < 0 or i > 15 then error("Colour out of range", 3) end
  return DIGIT[2 ^ i]
end

--- Creates a window on `parent` at (x, y) of size width x height, visible unless `visible` is false.
---@param parent table a terminal object (term.current(), a monitor, another window)
---@param x number
---@param y number
---@param width number
---@param height number
---@param visible? boolean
---@return table window
function create(parent, x, y, width, height, visible)
  expect(1, parent, "table")
  expect(2, x, "number")
  expect(3, y, "number")
  expect(4, width, "number")
  expect(5, height, "number")
  expect(6, visible, "boolean", "nil")
  if parent == term then
    error("term is not a recommended window parent, try term.current() instead", 2)
  end
  if visible == nil then visible = true end

  local cursor_x, cursor_y, blink = 1, 1, false
  local fg, bg = "0", "f" -- white on black
  local rows = {} -- rows[y] = { text, fg, bg }, each a string of `width` characters
  local palette = {}
  for _, colour in pairs(COLOUR) do palette[colour] = { parent.getPaletteColour(colour) } end

  local function blank_row()
    return { (" "):rep(width), fg:rep(width), bg:rep(width) }
  end
  for row = 1, height do rows[row] = blank_row() end

  local function draw_row(row)
    local line = rows[row]
    parent.setCursorPos(x, y + row - 1)
    parent.blit(line[1], line[2], line[3])
  end

  local function move_cursor()
    parent.setCursorPos(x + cursor_x - 1, y + cursor_y - 1)
  end

  --- Puts the window's cursor (position, blink, text colour) on the parent; a change of one alone puts that one.
  local function place_cursor()
    parent.setCursorBlink(blink)
    move_cursor()
    parent.setTextColour(COLOUR[fg])
  end

  local function draw_all()
    for row = 1, height do draw_row(row) end
  end

  local function draw_palette()
    for _, c in pairs(COLOUR) do parent.setPaletteColour(c, palette[c][1], palette[c][2], palette[c][3]) end
  end

  --- Writes text with per-cell colours at the cursor (clipped to the window) and moves the cursor past it.
  local function put(text, fgs, bgs)
    local n = #text
    local first, last = max(1, 2 - cursor_x), min(n, width - cursor_x + 1)
    if cursor_y >= 1 and cursor_y <= height and first <= last then
      local line, at = rows[cursor_y], cursor_x + first - 1
      local stop = cursor_x + last - 1
      local t, f, b = text:sub(first, last), fgs:sub(first, last), bgs:sub(first, last)
      line[1] = line[1]:sub(1, at - 1) .. t .. line[1]:sub(stop + 1)
      line[2] = line[2]:sub(1, at - 1) .. f .. line[2]:sub(stop + 1)
      line[3] = line[3]:sub(1, at - 1) .. b .. line[3]:sub(stop + 1)
      if visible then
        parent.setCursorPos(x + at - 1, y + cursor_y - 1)
        parent.blit(t, f, b)
      end
    end
    cursor_x = cursor_x + n
    if visible then move_cursor() end
  end

  local win = {}

  function win.write(text)
    expect(1, text, "string", "number")
    text = tostring(text)
    put(text, fg:rep(#text), bg:rep(#text))
  end

  function win.blit(text, text_colours, background_colours)
    expect(1, text, "string")
    expect(2, text_colours, "string")
    expect(3, background_colours, "string")
    if #text_colours ~= #text or #background_colours ~= #text then
      error("Arguments must be the same length", 2)
    end
    put(text, text_colours:lower(), background_colours:lower())
  end

  function win.clear()
    for row = 1, height do rows[row] = blank_row() end
    if visible then
      draw_all()
      move_cursor()
    end
  end

  function win.clearLine()
    if cursor_y >= 1 and cursor_y <= height then
      rows[cursor_y] = blank_row()
      if visible then
        draw_row(cursor_y)
        move_cursor()
      end
    end
  end

  function win.scroll(n)
    expect(1, n, "number")
    if n == 0 then return end
    local moved = {}
    for row = 1, height do
      moved[row] = rows[row + n] or blank_row()
    end
    rows = moved
    if visible then
      local parent_width, parent_height = parent.getSize()
      if x == 1 and y == 1 and width == parent_width and height == parent_height then
        -- the window is the whole parent: scrolling the parent draws the same, in one call instead of a redraw
        parent.setBackgroundColour(COLOUR[bg])
        parent.scroll(n)
      else
        draw_all()
      end
      move_cursor()
    end
  end

  function win.getCursorPos() return cursor_x, cursor_y end

  function win.setCursorPos(new_x, new_y)
    expect(1, new_x, "number")
    expect(2, new_y, "number")
    cursor_x, cursor_y = floor(new_x), floor(new_y)
    if visible then move_cursor() end
  end

  function win.getCursorBlink() return blink end

  function win.setCursorBlink(on)
    expect(1, on, "boolean")
    blink = on
    if visible then parent.setCursorBlink(blink) end
  end

  function win.isColour() return parent.isColour() end

  function win.getTextColour() return COLOUR[fg] end

  function win.setTextColour(colour)
    expect(1, colour, "number")
    fg = blit_digit(colour)
    if visible then parent.setTextColour(colour) end
  end

  function win.getBackgroundColour() return COLOUR[bg] end

  function win.setBackgroundColour(colour)
    expect(1, colour, "number")
    bg = blit_digit(colour)
  end

  function win.getPaletteColour(colour)
    expect(1, colour, "number")
    blit_digit(colour)
    local rgb = palette[colour]
    return rgb[1], rgb[2], rgb[3]
  end

  function win.setPaletteColour(colour, r, g, b)
    expect(1, colour, "number")
    blit_digit(colour)
    local rgb
    if type(r) == "number" and g == nil and b == nil then
      rgb = { floor(r / 0x10000) % 256 / 255, floor(r / 0x100) % 256 / 255, r % 256 / 255 }
    else
      expect(2, r, "number")
      expect(3, g, "number")
      expect(4, b, "number")
      rgb = { r, g, b }
    end
    palette[colour] = rgb
    if visible then parent.setPaletteColour(colour, rgb[1], rgb[2], rgb[3]) end
  end

  function win.getSize() return width, height end

  function win.getLine(row)
    expect(1, row, "number")
    local line = rows[row]
    if line == nil then error("Line is out of range.", 2) end
    return line[1], line[2], line[3]
  end

  function win.setVisible(on)
    expect(1, on, "boolean")
    if on ~= visible then
      visible = on
      if visible then win.redraw() end
    end
  end

  function win.isVisible() return visible end

  function win.redraw()
    if visible then
      draw_all()
      draw_palette()
      place_cursor()
    end
  end

  function win.restoreCursor()
    if visible then place_cursor() end
  end

  function win.getPosition() return x, y end

  function win.reposition(new_x, new_y, new_width, new_height, new_parent)
    expect(1, new_x, "number")
    expect(2, new_y, "number")
    if new_width ~= nil or new_height ~= nil then
      expect(3, new_width, "number")
      expect(4, new_height, "number")
    end
    expect(5, new_parent, "table", "nil")
    x, y = new_x, new_y
    parent = new_parent or parent
    if new_width then
      local resized = {}
      for row = 1, new_height do
        local line = rows[row]
        local fresh = { (" "):rep(new_width), fg:rep(new_width), bg:rep(new_width) }
        if line then
          for k = 1, 3 do
            fresh[k] = (line[k] .. fresh[k]):sub(1, new_width)
          end
        end
        resized[row] = fresh
      end
      rows, width, height = resized, new_width, new_height
    end
    win.redraw()
  end

  win.isColor = win.isColour
  win.getTextColor = win.getTextColour
  win.setTextColor = win.setTextColour
  win.getBackgroundColor = win.getBackgroundColour
  win.setBackgroundColor = win.setBackgroundColour
  win.getPaletteColor = win.getPaletteColour
  win.setPaletteColor = win.setPaletteColour

  if visible then
    draw_all()
    place_cursor()
  end
  return win
end
