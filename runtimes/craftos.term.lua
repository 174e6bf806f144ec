-- The craftos runtime's terminal: the native terminal over context 0, CC's redirectable `term`, and the write,
-- print, printError and read globals (a part of runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, type, select, error, tostring, rawequal = bios.G, bios.type, bios.select, bios.error, bios.tostring, bios.rawequal
local pairs, ipairs, concat, s_format, s_gsub, s_match = bios.pairs, bios.ipairs, bios.concat, bios.s_format, bios.s_gsub, bios.s_match
local s_sub, s_find, s_rep, arg, got, invoke = bios.s_sub, bios.s_find, bios.s_rep, bios.arg, bios.got, bios.invoke
local number_text, try = bios.number_text, bios.try

--------------------------------------------------------------------------------
-- The terminal: the native one over context 0, and CC's redirectable `term`
--------------------------------------------------------------------------------

local TERM_CALLS = {
  'write', 'blit', 'clear', 'clearLine', 'getCursorPos', 'setCursorPos', 'getCursorBlink', 'setCursorBlink',
  'getSize', 'scroll', 'setTextColour', 'getTextColour', 'setBackgroundColour', 'getBackgroundColour',
  'isColour', 'setPaletteColour', 'getPaletteColour', 'nativePaletteColour',
}

--- The computer's own terminal object (`term.native()`): each method one call on context 0.
local native_term = {}
for _, name in ipairs(TERM_CALLS) do
  local call = 'term.' .. name
  native_term[name] = function(...) return invoke(2, call, ...) end
end
function native_term.write(text)
  if type(text) == 'number' then text = number_text(text) end
  return invoke(2, 'term.write', text)
end
for _, name in ipairs(TERM_CALLS) do
  local us = s_gsub(name, 'Colour', 'Color')
  native_term[us] = native_term[name]
end
native_term.isColor, native_term.isColour = native_term.isColour, native_term.isColour

local redirect_target = native_term
local term = {}
for name in pairs(native_term) do
  term[name] = function(...) return redirect_target[name](...) end
end
-- the default palette is the computer's, not a method of redirect targets (windows have none)
term.nativePaletteColour, term.nativePaletteColor = native_term.nativePaletteColour, native_term.nativePaletteColour

--- Makes `target` (a terminal object) the target of `term.*`; returns the previous one.
---@param target table
---@return table
function term.redirect(target)
  arg(1, target, 'table')
  if rawequal(target, term) then error('term is not a recommended redirect target, try term.current() instead', 2) end
  for name in pairs(native_term) do
    if type(target[name]) ~= 'function' and not s_find(name, '^nativePalette') then
      error('Redirect object is missing method ' .. name .. '.', 2)
    end
  end
  local previous = redirect_target
  redirect_target = target
  return previous
end

--- The current redirect target.
---@return table
function term.current() return redirect_target end

--- The computer's own terminal object.
---@return table
function term.native() return native_term end

G.term = term

--------------------------------------------------------------------------------
-- write, print, printError, read
--------------------------------------------------------------------------------

--- CC's write: wraps words at the terminal's width, scrolls at its bottom; the number of lines it moved down.
---@param text any
---@return integer
local function write(text)
  if type(text) == 'number' then text = number_text(text) end
  if type(text) ~= 'string' then error(s_format('bad argument #1 (string or number expected, got %s)', got(text)), 2) end
  local width, height = term.getSize()
  local x, y = term.getCursorPos()
  local lines = 0
  local function newline()
    if y + 1 <= height then
      term.setCursorPos(1, y + 1)
    else
      term.setCursorPos(1, height)
      term.scroll(1)
    end
    x, y = term.getCursorPos()
    lines = lines + 1
  end
  local pos = 1
  while pos <= #text do
    local space = s_match(text, '^[ \t]+', pos)
    if space then
      space = s_gsub(space, '\t', ' ') -- a tab shows as one space
      term.write(space)
      x = x + #space
      pos = pos + #space
    elseif s_sub(text, pos, pos) == '\n' then
      newline()
      pos = pos + 1
    else
      local word = s_match(text, '^[^ \t\n]+', pos)
      pos = pos + #word
      if x + #word - 1 > width then newline() end
      while #word > width do -- a word longer than the line is cut
        term.write(s_sub(word, 1, width))
        word = s_sub(word, width + 1)
        newline()
      end
      term.write(word)
      x = x + #word
    end
  end
  return lines
end

--- CC's print: the values (tostring'd) joined by tabs, and a newline; the number of lines printed.
---@return integer
local function print(...)
  local n = select('#', ...)
  local parts = { ... }
  for i = 1, n do parts[i] = tostring(parts[i]) end
  return write(concat(parts, '\t', 1, n) .. '\n')
end

--- CC's printError: print in red on a colour terminal.
local function printError(...)
  local colour = term.isColour()
  local previous
  if colour then
    previous = term.getTextColour()
    term.setTextColour(0x4000) -- colours.red
  end
  local lines = print(...)
  if colour then term.setTextColour(previous) end
  return lines
end

G.write, G.print, G.printError = write, print, printError

local KEY = {}
do
  local ok, codes = try('input.keys')
  if ok then KEY = codes end
end

--- CC's read: a line typed at the cursor (enter ends it), shown with `replace` for each character if given; up and
--- down walk `history`; `complete(text)` offers completions while the cursor is at the line's end: the chosen one is
--- drawn in grey after the cursor, up and down cycle them (in place of the history), tab accepts it; `default` is
--- the initial text.
---@param replace? string
---@param history? table
---@param complete? function
---@param default? string
---@return string
local function read(replace, history, complete, default)
  arg(1, replace, 'string', true)
  arg(2, history, 'table', true)
  arg(3, complete, 'function', true)
  arg(4, default, 'string', true)
  if replace then replace = s_sub(replace, 1, 1) end
  local line = default or ''
  local pos = #line
  local start_x, start_y = term.getCursorPos()
  local shown = 0
  local item = history and #history + 1
  local options, chosen -- the completions of the line, and the one shown
  local function find_completions()
    options, chosen = nil, nil
    if complete and pos == #line then
      options = complete(line)
      if type(options) == 'table' and options[1] then chosen = 1 else options = nil end
    end
  end
  local function redraw(hint)
    local width = term.getSize()
    local scroll = pos + start_x > width and pos + start_x - width or 0
    term.setCursorPos(start_x, start_y)
    local text = s_sub(line, scroll + 1)
    if replace then text = s_rep(replace, #text) end
    term.write(text)
    local suffix = hint and chosen and options[chosen] or ''
    if suffix ~= '' then
      local colour = term.getTextColour()
      term.setTextColour(0x80) -- colours.grey
      term.write(suffix)
      term.setTextColour(colour)
    end
    term.write(s_rep(' ', math.max(0, shown - #text - #suffix)))
    shown = #text + #suffix
    term.setCursorPos(start_x + pos - scroll, start_y)
  end
  term.setCursorBlink(true)
  find_completions()
  redraw(true)
  while true do
    local event, p1 = G.os.pullEvent() -- CC's read asks whatever os.pullEvent is now
    local changed = false -- the line or the cursor moved: the completions are found again
    if event == 'char' or event == 'paste' then
      line = s_sub(line, 1, pos) .. p1 .. s_sub(line, pos + 1)
      pos = pos + #p1
      changed = true
    elseif event == 'key' then
      if p1 == KEY.enter or p1 == KEY.numPadEnter then
        break
      elseif p1 == KEY.backspace and pos > 0 then
        line = s_sub(line, 1, pos - 1) .. s_sub(line, pos + 1)
        pos = pos - 1
        changed = true
      elseif p1 == KEY.delete then
        line = s_sub(line, 1, pos) .. s_sub(line, pos + 2)
        changed = true
      elseif p1 == KEY.left and pos > 0 then
        pos = pos - 1
        changed = true
      elseif p1 == KEY.right and pos < #line then
        pos = pos + 1
        changed = true
      elseif p1 == KEY.home then
        pos = 0
        changed = true
      elseif p1 == KEY['end'] then
        pos = #line
        changed = true
      elseif (p1 == KEY.up or p1 == KEY.down) and options then
        chosen = (chosen + (p1 == KEY.up and -2 or 0)) % #options + 1
      elseif (p1 == KEY.up or p1 == KEY.down) and history and #history > 0 then
        item = math.min(math.max(item + (p1 == KEY.up and -1 or 1), 1), #history + 1)
        line = history[item] or ''
        pos = #line
        changed = true
      elseif p1 == KEY.tab and options then
        line = line .. options[chosen]
        pos = #line
        changed = true
      end
    elseif event == 'term_resize' then
      shown = 0
    end
    if changed then find_completions() end
    redraw(true)
  end
  redraw(false) -- the line as typed, without the hint
  term.setCursorBlink(false)
  local _, y = term.getCursorPos()
  local _, height = term.getSize()
  if y >= height then
    term.scroll(1)
    term.setCursorPos(1, height)
  else
    term.setCursorPos(1, y + 1)
  end
  return line
end

G.read = read


--- The terminal as a computer turns on: the default palette, white on black, cleared, the cursor home and still.
local function reset_terminal()
  for i = 0, 15 do native_term.setPaletteColour(1 << i, native_term.nativePaletteColour(1 << i)) end
  native_term.setTextColour(0x1) -- colours.white
  native_term.setBackgroundColour(0x8000) -- colours.black
  native_term.setCursorBlink(false)
  native_term.clear()
  native_term.setCursorPos(1, 1)
  redirect_target = native_term
end

bios.KEY, bios.printError, bios.reset_terminal, bios.term = KEY, printError, reset_terminal, term
