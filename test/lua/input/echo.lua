-- Prints each input event it pulls (type, then its values), until terminate; then the dropped count.
local term = require('term')
local input = require('input')
term.write('ready')
while true do
  local e = os.pull()
  if e.type == 'terminate' then break end
  local line = { e.type }
  for i = 1, 3 do
    if e[i] ~= nil then line[#line + 1] = tostring(e[i]) end
  end
  print(table.concat(line, ' '))
end
print('dropped ' .. input.dropped() .. ', enter is ' .. input.keys.enter)
