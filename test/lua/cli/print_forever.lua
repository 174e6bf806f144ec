-- print_forever: prints numbered lines without end (for a reader that goes away).
local i = 0
while true do
  i = i + 1
  print(i)
end
