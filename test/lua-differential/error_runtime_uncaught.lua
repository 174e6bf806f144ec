-- an uncaught runtime error in a nested function
local data = { items = { 1, 2 } }
local function total(d)
  local s = 0
  for i = 1, 3 do s = s + d.items[i] end
  return s
end
print(total(data))
