-- edit: a full-screen text editor for one file: arrows, home/end, page keys, the mouse, enter keeps the indent, Lua
-- highlighting and completion; Ctrl opens the menu (Save, Print, Run, Exit) along the bottom line.

local args = { ... }
if #args == 0 then
  print('Usage: edit <path>')
  return
end
local path = shell.resolve(args[1])
if fs.isDir(path) then
  print('Cannot edit a directory.')
  return
end
settings.define('edit.default_extension', { default = 'lua', type = 'string',
  description = 'The file extension edit gives a new file named without one.' })
settings.define('edit.autocomplete', { default = true, type = 'boolean',
  description = 'Whether edit offers completions of Lua names (shown in grey, tab takes them).' })
local extension = settings.get('edit.default_extension')
if not fs.exists(path) and not fs.getName(path):find('%.') and extension ~= '' then
  path = path .. '.' .. extension
end

local width, height = term.getSize()
local lines = { '' }
local x, y = 1, 1 -- the cursor in the text (column, line)
local scroll_x, scroll_y = 0, 0
local running = true
local menu = nil -- the selected item while the menu is open
local status = 'Press Ctrl to access menu'
local read_only = fs.isReadOnly(path)
local ITEMS = read_only and { 'Print', 'Run', 'Exit' } or { 'Save', 'Print', 'Run', 'Exit' }
local COLOURED = term.isColour()

--- Reads the file into `lines` (one empty line for a new file).
local function load_file()
  if not fs.exists(path) then return end
  local handle = fs.open(path, 'r')
  lines = {}
  local line = handle.readLine()
  while line do
    lines[#lines + 1] = line
    line = handle.readLine()
  end
  handle.close()
  if #lines == 0 then lines[1] = '' end
end

--- Writes `lines` to the file; true if it could.
---@return boolean
local function save_file()
  local dir = fs.getDir(path)
  if dir ~= '' and not fs.exists(dir) then pcall(fs.makeDir, dir) end
  local ok, handle = pcall(fs.open, path, 'w')
  if not ok or not handle then return false end
  for i, line in ipairs(lines) do handle.write(line .. (i < #lines and '\n' or '')) end
  handle.close()
  return true
end

local KEYWORDS = {}
for word in ([[and break do else elseif end false for function goto if in local nil not or repeat return then true
  until while]]):gmatch('%a+') do KEYWORDS[word] = true end

--- Writes one line of text with Lua's words coloured: keywords yellow, strings red, comments green.
---@param text string
local function write_highlighted(text)
  local i = 1
  while i <= #text do
    local colour, piece = colours.white
    if text:sub(i, i + 1) == '--' then
      colour, piece = colours.green, text:sub(i)
    elseif text:sub(i, i) == '"' or text:sub(i, i) == "'" then
      local quote = text:sub(i, i)
      local stop = i + 1
      while stop <= #text and text:sub(stop, stop) ~= quote do stop = stop + (text:sub(stop, stop) == '\\' and 2 or 1) end
      colour, piece = colours.red, text:sub(i, stop)
    else
      piece = text:match('^[%a_][%w_]*', i) or text:match('^[^%a_\'"%-]+', i) or text:sub(i, i)
      if KEYWORDS[piece] then colour = colours.yellow end
    end
    if COLOURED then term.setTextColour(colour) end
    term.write(piece)
    i = i + #piece
  end
end

--- Draws the bottom line: the menu while it is open, else the status message and the line number.
local function draw_status()
  term.setCursorPos(1, height)
  term.clearLine()
  if menu then
    for i, item in ipairs(ITEMS) do
      if COLOURED then term.setTextColour(i == menu and colours.yellow or colours.white) end
      term.write(i == menu and '[' .. item .. ']' or ' ' .. item .. ' ')
    end
  else
    if COLOURED then term.setTextColour(colours.yellow) end
    term.write(status)
    local position = 'Ln ' .. y
    term.setCursorPos(width - #position + 1, height)
    term.write(position)
  end
  if COLOURED then term.setTextColour(colours.white) end
end

--- The completion of the Lua name that ends the line at the cursor (the letters it lacks), if edit.autocomplete is
--- on.
---@return string|nil
local function completion()
  local line = lines[y]
  if menu or not settings.get('edit.autocomplete') or x <= #line then return nil end
  local name = line:sub(1, x - 1):match('[%a_][%w_.:]*$')
  local options = name and textutils.complete(name, _ENV)
  return options and options[1]
end

local hint = nil -- the completion shown after the cursor

--- Keeps the cursor on the screen by scrolling the view.
local function follow_cursor()
  if y - scroll_y < 1 then scroll_y = y - 1 elseif y - scroll_y > height - 1 then scroll_y = y - height + 1 end
  if x - scroll_x < 1 then scroll_x = x - 1 elseif x - scroll_x > width then scroll_x = x - width end
end

--- Draws the text, the completion in grey, the bottom line, and puts the blinking cursor where the text's cursor is
--- (none when the view is scrolled away from it).
local function redraw()
  term.setBackgroundColour(colours.black)
  for row = 1, height - 1 do
    term.setCursorPos(1 - scroll_x, row)
    term.clearLine()
    local line = lines[row + scroll_y]
    if line then write_highlighted(line) end
  end
  hint = completion()
  if hint then
    term.setCursorPos(x - scroll_x, y - scroll_y)
    term.setTextColour(colours.grey)
    term.write(hint)
  end
  draw_status()
  term.setCursorPos(x - scroll_x, y - scroll_y)
  term.setCursorBlink(not menu and y > scroll_y and y - scroll_y < height)
end

--- Runs the text being edited as a program in the shell's world, then waits for a key.
local function run_text()
  local fn, err = load(table.concat(lines, '\n'), '=' .. fs.getName(path), 't',
    setmetatable({ shell = shell, arg = { [0] = path } }, { __index = _ENV }))
  term.setBackgroundColour(colours.black)
  term.clear()
  term.setCursorPos(1, 1)
  if fn then
    local ok, why = pcall(fn)
    if not ok then printError(why) end
  else
    printError(err)
  end
  if COLOURED then term.setTextColour(colours.yellow) end
  print('Press any key to continue')
  if COLOURED then term.setTextColour(colours.white) end
  os.pullEvent('key')
end

--- Prints the text on the printer: a line per row of a page (long lines wrapped), as many pages as it takes, each
--- titled with the file's name; the status says how it went.
local function print_text()
  local printer = peripheral.find('printer')
  if not printer then
    status = 'No printer attached'
    return
  end
  local title = fs.getName(path)
  local pages, row = 0, math.huge
  local page_width, page_height = 0, 0
  --- The next page (its title numbered from the second); false when the printer has no paper or ink left.
  local function new_page()
    if pages > 0 then printer.endPage() end
    if not printer.newPage() then return false end
    pages, row = pages + 1, 1
    printer.setPageTitle(pages == 1 and title or title .. ' (page ' .. pages .. ')')
    page_width, page_height = printer.getPageSize()
    return true
  end
  for _, line in ipairs(lines) do
    repeat
      if row > page_height and not new_page() then
        status = 'Printer has run out of paper or ink'
        return
      end
      printer.setCursorPos(1, row)
      printer.write(line:sub(1, page_width))
      line, row = line:sub(page_width + 1), row + 1
    until line == ''
  end
  printer.endPage()
  status = ('Printed %d page%s'):format(pages, pages == 1 and '' or 's')
end

--- Does what the selected menu item says.
---@param item string
local function choose(item)
  if item == 'Save' then
    status = save_file() and 'Saved to ' .. path or 'Error saving to ' .. path
  elseif item == 'Print' then
    print_text()
  elseif item == 'Run' then
    run_text()
  elseif item == 'Exit' then
    running = false
  end
end

--- Moves the cursor to line `line` (kept within the text), its column kept within that line.
local function go_to(line, column)
  y = math.max(1, math.min(#lines, line))
  x = math.max(1, math.min(#lines[y] + 1, column))
end

--- The editing keys: the cursor's moves, enter, backspace, delete and tab.
local function edit_key(key)
  local line = lines[y]
  if key == keys.up then go_to(y - 1, x)
  elseif key == keys.down then go_to(y + 1, x)
  elseif key == keys.left then
    if x > 1 then x = x - 1 elseif y > 1 then go_to(y - 1, #lines[y - 1] + 1) end
  elseif key == keys.right then
    if x <= #line then x = x + 1 elseif y < #lines then go_to(y + 1, 1) end
  elseif key == keys.home then x = 1
  elseif key == keys['end'] then x = #line + 1
  elseif key == keys.pageUp then go_to(y - (height - 1), x)
  elseif key == keys.pageDown then go_to(y + (height - 1), x)
  elseif key == keys.enter or key == keys.numPadEnter then
    local indent = line:match('^%s*'):sub(1, x - 1)
    lines[y] = line:sub(1, x - 1)
    table.insert(lines, y + 1, indent .. line:sub(x))
    go_to(y + 1, #indent + 1)
  elseif key == keys.backspace then
    if x > 1 then
      lines[y] = line:sub(1, x - 2) .. line:sub(x)
      x = x - 1
    elseif y > 1 then
      local previous = #lines[y - 1]
      lines[y - 1] = lines[y - 1] .. table.remove(lines, y)
      go_to(y - 1, previous + 1)
    end
  elseif key == keys.delete then
    if x <= #line then
      lines[y] = line:sub(1, x - 1) .. line:sub(x + 1)
    elseif y < #lines then
      lines[y] = line .. table.remove(lines, y + 1)
    end
  elseif key == keys.tab then
    local text = hint or '  '
    lines[y] = line:sub(1, x - 1) .. text .. line:sub(x)
    x = x + #text
  end
end

--- The keys while the menu is open: left/right choose, enter does it, Ctrl closes.
local function menu_key(key)
  if key == keys.left then menu = (menu - 2) % #ITEMS + 1
  elseif key == keys.right then menu = menu % #ITEMS + 1
  elseif key == keys.enter or key == keys.numPadEnter then
    local item = ITEMS[menu]
    menu = nil
    choose(item)
  elseif key == keys.leftCtrl or key == keys.rightCtrl then menu = nil
  end
end

--- The events after which the view follows the cursor (a mouse wheel scrolls it away).
local FOLLOWS = { key = true, char = true, paste = true, mouse_click = true, term_resize = true }

load_file()
if read_only then status = 'File is read only' end
term.clear()
while running do
  redraw()
  local event, p1, p2, p3 = os.pullEvent()
  if event == 'key' then
    if menu then menu_key(p1)
    elseif p1 == keys.leftCtrl or p1 == keys.rightCtrl then menu = 1
    else edit_key(p1) end
  elseif (event == 'char' or event == 'paste') and not menu then
    lines[y] = lines[y]:sub(1, x - 1) .. p1 .. lines[y]:sub(x)
    x = x + #p1
  elseif event == 'mouse_click' and p1 == 1 and p3 < height and not menu then
    go_to(p3 + scroll_y, p2 + scroll_x)
  elseif event == 'mouse_scroll' and not menu then
    scroll_y = math.max(0, math.min(#lines - 1, scroll_y + p1))
  elseif event == 'term_resize' then
    width, height = term.getSize()
  end
  if FOLLOWS[event] then follow_cursor() end
end
term.setBackgroundColour(colours.black)
term.setTextColour(colours.white)
term.clear()
term.setCursorPos(1, 1)
