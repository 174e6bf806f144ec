-- lua 5.4 only: numeric for-loop edge cases (overflow, float steps, errors)
for i = math.maxinteger - 2, math.maxinteger do io.write(i, ' ') end
print()
for i = math.mininteger, math.mininteger + 2 do io.write(i, ' ') end
print()
for i = 1, 3, 0.5 do io.write(i, ' ') end
print()
for i = 3, 1, -1 do io.write(i, ' ') end
print()
for i = 1, 0 do print('never') end
for i = 0.1, 0.35, 0.1 do io.write(i, ' ') end
print()
for i = 1, 2.9 do io.write(math.type(i), ' ') end
print()
for i = 1.0, 2 do io.write(i, ' ') end
print()
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = 1, 'x' do end end))
print(pcall(function() for i = 'a', 2 do end end))
print(pcall(function() for i = 1, 2, {} do end end))
for i = math.maxinteger, math.maxinteger + 1.0 do io.write(i, ' ') break end
print()
for i = 1, math.huge do if i > 3 then break end io.write(i, ' ') end
print()
for i = -3, -1 do local j = i i = 10 io.write(j, ' ') end
print()
