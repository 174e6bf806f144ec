-- memory_bomb: builds an ever-growing table until the memory limit stops it.
local t = {}
local i = 0
while true do
  i = i + 1
  t[i] = ('x'):rep(100) .. i
end
