-- parsing CSV-like text with patterns, numbers and totals
local data = [[
name,qty,price
apple,3,0.5
banana,12,0.25
"cherry, red",100,0.1
]]
local rows = {}
for line in data:gmatch('[^\n]+') do
  local fields, pos = {}, 1
  while pos <= #line + 1 do
    local c = line:sub(pos, pos)
    if c == '"' then
      local close = line:find('"', pos + 1, true)
      fields[#fields + 1] = line:sub(pos + 1, close - 1)
      pos = close + 2
    else
      local comma = line:find(',', pos, true) or #line + 1
      fields[#fields + 1] = line:sub(pos, comma - 1)
      pos = comma + 1
    end
  end
  rows[#rows + 1] = fields
end
local total = 0
for i = 2, #rows do
  local r = rows[i]
  local sum = tonumber(r[2]) * tonumber(r[3])
  total = total + sum
  print(string.format('%-12s %4d x %5.2f = %6.2f', r[1], r[2], r[3], sum))
end
print('total', total, math.type(total), string.format('%.2f', total))
