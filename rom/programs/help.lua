-- help: shows a help topic (the intro without an argument; a long one in a full-screen viewer), or lists the topics
-- (help index).

local args = { ... }
local topic = args[1] or 'intro'
if topic == 'index' then
  print('Help topics available:')
  textutils.pagedTabulate(help.topics())
  return
end
local file = help.lookup(topic)
if not file then
  printError('No help available')
  return
end
--- Shows `lines` in a full-screen viewer with `Help: TOPIC` on the bottom row, until q or enter: the arrows, page
--- keys, home/end and the mouse wheel scroll.
---@param lines string[]
local function view(lines)
  local width, height = term.getSize()
  local top, last = 1, math.max(1, #lines - height + 2)
  while true do
    term.setBackgroundColour(colours.black)
    term.clear()
    term.setTextColour(colours.white)
    for row = 1, height - 1 do
      term.setCursorPos(1, row)
      term.write(lines[top + row - 1] or '')
    end
    term.setCursorPos(1, height)
    if term.isColour() then term.setTextColour(colours.yellow) end
    term.write(('Help: ' .. topic):sub(1, width))
    local event, key = os.pullEvent()
    local step = event == 'mouse_scroll' and key
      or event == 'key' and ({ [keys.up] = -1, [keys.down] = 1, [keys.pageUp] = 2 - height, [keys.pageDown] = height - 2,
        [keys.home] = -#lines, [keys['end']] = #lines })[key]
    if step then top = math.max(1, math.min(last, top + step)) end
    if event == 'key' and (key == keys.q or key == keys.enter) then break end
  end
  term.setTextColour(colours.white)
  term.clear()
  term.setCursorPos(1, 1)
end

local handle = fs.open(file, 'r')
local text = (handle.readAll():gsub('\n$', ''))
handle.close()
local width, height = term.getSize()
local lines = require('cc.strings').wrap(text, width)
-- a text that fits above the prompt is printed; a longer one gets the viewer
if #lines < height then
  print(text)
else
  view(lines)
end
