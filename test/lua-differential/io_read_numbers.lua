-- reading numbers and lines mixed, as an interactive program does
local n = io.read('n')
local total = 0
for i = 1, n do total = total + io.read('n') end
print('total', total)
print(io.read('l'))
print(io.read('l'))
local line = io.read('L')
io.write('[', line, ']')
print(io.read('n'), io.read('l'))
print(io.read(5), io.read('a'))
print(io.read('l'), io.read('a'), io.read(1))
