-- io.write and print of numbers, long outputs, many arguments
io.write(1, 2.0, -3, 1e300, 2^63, '\n')
print(1, 2.0, -3, 1e300, 2^63)
local parts = {}
for i = 1, 300 do parts[i] = i end
print(table.unpack(parts, 1, 10))
io.write(table.unpack(parts, 1, 20)) io.write('\n')
print(select('#', table.unpack(parts)))
for i = 1, 3 do io.write(i, i < 3 and ',' or '\n') end
io.stdout:write(string.rep('ab', 5000):sub(1, 20), '\n')
print(string.rep('=', 40))
