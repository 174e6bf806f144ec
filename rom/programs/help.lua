-- help: shows a help topic (the intro without an argument), or lists the topics (help index).

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
local handle = fs.open(file, 'r')
local text = handle.readAll()
handle.close()
local _, height = term.getSize()
textutils.pagedPrint((text:gsub('\n$', '')), height - 3)
