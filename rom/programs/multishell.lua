-- multishell: several programs at once, each in a tab (a window over the terminal); a tab bar on the top row when
-- there is more than one. Input goes to the focused tab, other events to every tab; the API is given to its programs.

local expect = require('cc.expect').expect

local native = term.current()
local drawing = true -- false while the first tab's window first shows: blank rows over the cleared terminal

--- The windows' parent: the terminal, whose drawing calls do nothing while `drawing` is false (so that showing the
--- first, blank, window changes nothing: a headless run prints no blank rows for it).
local parent = {}
for name, fn in pairs(native) do
  if name:find('^get') or name:find('^is') or name:find('^native') then
    parent[name] = fn
  else
    parent[name] = function(...)
      if drawing then return fn(...) end
    end
  end
end

local tabs = {} -- in tab order; each { co, window, terminal (its term target), title, filter }
local focused -- the tab shown (a tab table)
local running -- the tab whose code runs now
local bar_shown = false

--- Events that come from the user: they go to the focused tab only.
local INPUT = { key = true, key_up = true, char = true, paste = true, terminate = true }
--- Mouse events: to the focused tab, their y moved below the tab bar; a click on the bar switches tabs.
local MOUSE = { mouse_click = true, mouse_up = true, mouse_drag = true, mouse_scroll = true }

---@param tab table
---@return integer|nil
local function index_of(tab)
  for i, t in ipairs(tabs) do
    if t == tab then return i end
  end
end

--- Puts every window below the bar (or on the whole terminal when it is hidden), sized to the terminal.
local function layout()
  local width, height = parent.getSize()
  local top = bar_shown and 2 or 1
  for _, tab in ipairs(tabs) do tab.window.reposition(1, top, width, height - top + 1) end
end

--- Where each tab's title sits on the bar (x of its first and last cell), the bar scrolled left as far as it takes
--- to show the focused tab's title whole when the titles are wider than the terminal.
---@return table[]
local function bar_cells()
  local width = parent.getSize()
  local cells, x = {}, 1
  for i, tab in ipairs(tabs) do
    local text = ' ' .. tab.title .. ' '
    cells[i] = { from = x, to = x + #text - 1, text = text }
    x = x + #text
  end
  local shown = cells[index_of(focused) or 1]
  local shift = shown and math.max(0, shown.to - width) or 0
  for _, cell in ipairs(cells) do cell.from, cell.to = cell.from - shift, cell.to - shift end
  return cells
end

--- Draws the tab bar on the top row: the focused tab white on black, the others light grey on grey.
local function draw_bar()
  local width = parent.getSize()
  local text, fg, bg = (' '):rep(width), ('8'):rep(width), ('7'):rep(width)
  --- Puts `s` on the row from column `from`, clipped to the terminal.
  local function put(row, from, s)
    local first, last = math.max(1, 2 - from), math.min(#s, width - from + 1)
    if first > last then return row end
    local at = from + first - 1
    return row:sub(1, at - 1) .. s:sub(first, last) .. row:sub(at + last - first + 1)
  end
  for i, cell in ipairs(bar_cells()) do
    local mine = tabs[i] == focused
    text = put(text, cell.from, cell.text)
    fg = put(fg, cell.from, (mine and '0' or '8'):rep(#cell.text))
    bg = put(bg, cell.from, (mine and 'f' or '7'):rep(#cell.text))
  end
  parent.setCursorPos(1, 1)
  parent.blit(text, fg, bg)
  if focused then focused.window.restoreCursor() end
end

--- Shows or hides the bar as the number of tabs asks, and redraws it.
local function refresh_bar()
  local wanted = #tabs > 1
  if wanted ~= bar_shown then
    bar_shown = wanted
    layout()
  end
  if bar_shown then draw_bar() end
end

--- Makes `tab` the one shown and given input.
---@param tab table
local function focus(tab)
  if focused == tab then return end
  if focused then focused.window.setVisible(false) end
  focused = tab
  tab.window.setVisible(true)
end

--- Ends a tab whose program has ended; the focus goes to the tab before it (or the new first one).
---@param tab table
local function close(tab)
  local i = index_of(tab)
  table.remove(tabs, i)
  if focused == tab then
    focused = nil
    local next_tab = tabs[i - 1] or tabs[1]
    if next_tab then focus(next_tab) end
  end
end

--- Runs a tab until it waits for an event (or ends), with `term` redirected to its window.
---@param tab table
local function resume(tab, ...)
  local before, previous = running, term.redirect(tab.terminal)
  running = tab
  local ok, filter = coroutine.resume(tab.co, ...)
  running = before
  tab.terminal = term.redirect(previous)
  if not ok then error(filter, 0) end -- os.run caught the program's errors: this is shutdown or reboot
  tab.filter = filter
  if coroutine.status(tab.co) == 'dead' then close(tab) end
end

--- Gives an event to a tab, unless it waits for another kind (terminate reaches it all the same).
---@param tab table
---@param event table
local function deliver(tab, event)
  if not index_of(tab) then return end
  if type(tab.filter) == 'string' and tab.filter ~= event[1] and event[1] ~= 'terminate' then return end
  resume(tab, table.unpack(event, 1, event.n))
end

local multishell = {}

--- Starts a program in a new tab (not focused); returns the tab's number.
---@param env table the program's environment
---@param path string the program's file
---@return integer
function multishell.launch(env, path, ...)
  expect(1, env, 'table')
  expect(2, path, 'string')
  local width, height = parent.getSize()
  local top = #tabs >= 1 and 2 or 1 -- below the bar that a second tab brings
  local args = table.pack(...)
  local tab = { title = (fs.getName(path):gsub('%.lua$', '')) }
  tab.window = window.create(parent, 1, top, width, height - top + 1, false)
  tab.terminal = tab.window
  tab.co = coroutine.create(function() return os.run(env, path, table.unpack(args, 1, args.n)) end)
  tabs[#tabs + 1] = tab
  local id = #tabs
  if not focused then
    drawing = false
    focus(tab)
    drawing = true
  end
  refresh_bar()
  resume(tab)
  refresh_bar()
  return id
end

--- The number of the tab whose program is running now.
---@return integer
function multishell.getCurrent() return index_of(running) end

--- The number of tabs.
---@return integer
function multishell.getCount() return #tabs end

--- The number of the tab shown.
---@return integer
function multishell.getFocus() return index_of(focused) end

--- Shows tab `n` and gives it the input; false when there is no such tab.
---@param n integer
---@return boolean
function multishell.setFocus(n)
  expect(1, n, 'number')
  local tab = tabs[n]
  if not tab then return false end
  focus(tab)
  refresh_bar()
  return true
end

--- The title of tab `n` (nil when there is no such tab).
---@param n integer
---@return string|nil
function multishell.getTitle(n)
  expect(1, n, 'number')
  return tabs[n] and tabs[n].title
end

--- Sets the title of tab `n` (nothing happens when there is no such tab).
---@param n integer
---@param title string
function multishell.setTitle(n, title)
  expect(1, n, 'number')
  expect(2, title, 'string')
  if not tabs[n] then return end
  tabs[n].title = title
  refresh_bar()
end

--- The tab whose title is under column x of the bar.
---@param x integer
---@return table|nil
local function tab_at(x)
  for i, cell in ipairs(bar_cells()) do
    if x >= cell.from and x <= cell.to then return tabs[i] end
  end
end

--- Routes one event: input to the focused tab, a click on the bar to the tab switch, the others to every tab.
---@param event table
local function route(event)
  local name = event[1]
  if MOUSE[name] and bar_shown then
    if event[4] == 1 then
      local tab = name == 'mouse_click' and tab_at(event[3])
      if tab then focus(tab) end
      return
    end
    event[4] = event[4] - 1
  end
  if INPUT[name] or MOUSE[name] then
    if focused then deliver(focused, event) end
    return
  end
  if name == 'term_resize' then layout() end
  local all = { table.unpack(tabs) }
  for _, tab in ipairs(all) do deliver(tab, event) end
end

native.clear()
native.setCursorPos(1, 1)
local args = { ... }
multishell.launch({ multishell = multishell }, args[1] or 'rom/programs/shell.lua', table.unpack(args, 2))
while #tabs > 0 do
  route(table.pack(os.pullEventRaw()))
  refresh_bar()
end
term.redirect(native)
