-- goto, labels, continue idiom, nested breaks
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  io.write(i, ' ')
  ::continue::
end
print()
do
  local n = 0
  ::top::
  n = n + 1
  if n < 3 then goto top end
  print('n', n)
end
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    io.write(i, j, ' ')
  end
  ::next_i::
end
print()
print(load('goto nowhere'))
print(load('do ::a:: end goto a'))
print(load('::a:: ::a::'))
print(load('local x goto f local y ::f:: print(y)'))
