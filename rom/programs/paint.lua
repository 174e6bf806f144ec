-- paint: a full-screen editor of paintutils images on a colour terminal: the canvas, a palette on the right (left
-- and right mouse buttons each hold a colour), arrows scroll; Ctrl opens the menu (Save, Exit) on the bottom line.

local args = { ... }
if #args == 0 then
  print('Usage: paint <path>')
  return
end
if not term.isColour() then
  print('Requires an Advanced Computer')
  return
end
settings.define('paint.default_extension', { default = 'nfp', type = 'string',
  description = 'The file extension paint gives a new file named without one.' })

local path = shell.resolve(args[1])
if fs.isDir(path) then
  print('Cannot edit a directory.')
  return
end
local extension = settings.get('paint.default_extension')
if not fs.exists(path) and not fs.getName(path):find('%.') and extension ~= '' then
  path = path .. '.' .. extension
end

local CLEAR = 0 -- a transparent pixel (saved as a space)
local PALETTE_WIDTH = 2
local ITEMS = { 'Save', 'Exit' }
--- The colours drawn with white marks on them in the palette (the dark ones); the others get black marks.
local DARK = { [colours.black] = true, [colours.grey] = true, [colours.blue] = true, [colours.brown] = true,
  [colours.purple] = true, [colours.green] = true, [colours.red] = true }

local image = {} -- image[y][x]: a colour, or nil for transparent
local width, height = term.getSize()
local view_x, view_y = 0, 0 -- how far the canvas is scrolled
local chosen = { [1] = colours.white, [2] = CLEAR } -- the colour of each mouse button
local menu = nil -- the selected item while the menu is open
local status = 'Press Ctrl to access menu'
local running = true

--- Reads the image file, if there is one: a blit digit per pixel, anything else transparent.
local function load_image()
  if not fs.exists(path) then return end
  local handle = fs.open(path, 'r')
  local text = handle.readAll()
  handle.close()
  local y = 0
  for line in (text .. '\n'):gmatch('(.-)\r?\n') do
    y = y + 1
    image[y] = {}
    for x = 1, #line do image[y][x] = colours.fromBlit(line:sub(x, x)) end
  end
end

--- The image as the file holds it: a row a line, transparent pixels as spaces, nothing after a row's last pixel
--- nor after the last row with a pixel.
---@return string
local function image_text()
  local rows = {}
  local last = 0
  for y, row in pairs(image) do
    local cells = {}
    local stop = 0
    for x in pairs(row) do stop = math.max(stop, x) end
    for x = 1, stop do cells[x] = row[x] and colours.toBlit(row[x]) or ' ' end
    rows[y] = table.concat(cells)
    if stop > 0 then last = math.max(last, y) end
  end
  local lines = {}
  for y = 1, last do lines[y] = rows[y] or '' end
  return table.concat(lines, '\n')
end

--- Writes the image to the file; true if it could.
---@return boolean
local function save_image()
  local ok, handle = pcall(fs.open, path, 'w')
  if not ok or not handle then return false end
  handle.write(image_text())
  handle.close()
  return true
end

--- The canvas's size: the screen without the palette and the bottom line.
---@return integer, integer
local function canvas_size() return width - PALETTE_WIDTH, height - 1 end

--- Draws one row of the canvas (transparent pixels as grey checks on black).
---@param row integer the screen row
local function draw_canvas_row(row)
  local canvas_width = canvas_size()
  local pixels = image[row + view_y] or {}
  local text, fg, bg = {}, {}, {}
  for x = 1, canvas_width do
    local colour = pixels[x + view_x]
    text[x] = colour and ' ' or '\127'
    fg[x] = colour and 'f' or '7'
    bg[x] = colour and colours.toBlit(colour) or 'f'
  end
  term.setCursorPos(1, row)
  term.blit(table.concat(text), table.concat(fg), table.concat(bg))
end

--- Draws one cell of the palette: row i is colour 2^(i-1), row 17 transparent; L and R mark the buttons' colours.
---@param row integer
local function draw_palette_row(row)
  local colour = row <= 16 and 1 << (row - 1) or CLEAR
  local marks = (chosen[1] == colour and 'L' or ' ') .. (chosen[2] == colour and 'R' or ' ')
  local bg = colour == CLEAR and 'f' or colours.toBlit(colour)
  local fg = (colour == CLEAR or DARK[colour]) and '0' or 'f'
  if colour == CLEAR and marks == '  ' then marks, fg = '\127\127', '7' end
  term.setCursorPos(width - PALETTE_WIDTH + 1, row)
  term.blit(marks, fg:rep(PALETTE_WIDTH), bg:rep(PALETTE_WIDTH))
end

--- Draws the bottom line: the menu while it is open, else the status message.
local function draw_status()
  term.setCursorPos(1, height)
  term.setBackgroundColour(colours.black)
  term.clearLine()
  if menu then
    for i, item in ipairs(ITEMS) do
      term.setTextColour(i == menu and colours.yellow or colours.white)
      term.write(i == menu and '[' .. item .. ']' or ' ' .. item .. ' ')
    end
  else
    term.setTextColour(colours.yellow)
    term.write(status)
  end
  term.setTextColour(colours.white)
end

local function redraw()
  local _, canvas_height = canvas_size()
  for row = 1, canvas_height do
    draw_canvas_row(row)
    if row <= 17 then draw_palette_row(row) else
      term.setCursorPos(width - PALETTE_WIDTH + 1, row)
      term.setBackgroundColour(colours.black)
      term.write((' '):rep(PALETTE_WIDTH))
    end
  end
  draw_status()
end

--- A mouse button pressed or dragged at (x, y): paints on the canvas, or picks that button's colour in the palette.
---@param button integer
---@param x integer
---@param y integer
local function mouse(button, x, y)
  if not chosen[button] or menu then return end
  local canvas_width, canvas_height = canvas_size()
  if x <= canvas_width and y <= canvas_height then
    local row = y + view_y
    image[row] = image[row] or {}
    image[row][x + view_x] = chosen[button] ~= CLEAR and chosen[button] or nil
  elseif x > canvas_width and y <= math.min(17, canvas_height) then
    chosen[button] = y <= 16 and 1 << (y - 1) or CLEAR
  end
end

--- The keys while the menu is open: left/right choose, enter does it, Ctrl closes.
---@param key integer
local function menu_key(key)
  if key == keys.left then menu = (menu - 2) % #ITEMS + 1
  elseif key == keys.right then menu = menu % #ITEMS + 1
  elseif key == keys.enter or key == keys.numPadEnter then
    local item = ITEMS[menu]
    menu = nil
    if item == 'Save' then
      status = save_image() and 'Saved to ' .. path or 'Error saving to ' .. path
    else
      running = false
    end
  elseif key == keys.leftCtrl or key == keys.rightCtrl then menu = nil
  end
end

--- The keys on the canvas: Ctrl opens the menu, arrows scroll (not past the top left corner).
---@param key integer
local function canvas_key(key)
  if key == keys.leftCtrl or key == keys.rightCtrl then menu = 1
  elseif key == keys.left then view_x = math.max(0, view_x - 1)
  elseif key == keys.right then view_x = view_x + 1
  elseif key == keys.up then view_y = math.max(0, view_y - 1)
  elseif key == keys.down then view_y = view_y + 1
  end
end

load_image()
term.setCursorBlink(false)
while running do
  redraw()
  local event, p1, p2, p3 = os.pullEvent()
  if event == 'mouse_click' or event == 'mouse_drag' then mouse(p1, p2, p3)
  elseif event == 'key' then
    if menu then menu_key(p1) else canvas_key(p1) end
  elseif event == 'term_resize' then
    width, height = term.getSize()
  end
end
term.setBackgroundColour(colours.black)
term.setTextColour(colours.white)
term.clear()
term.setCursorPos(1, 1)
