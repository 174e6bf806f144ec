-- lines iterators after close, reading numbers in odd forms
local name = 'diff_io_lines_closed.txt'
local f = assert(io.open(name, 'w'))
f:write('0x10 1e2 .5 -7 5. 0x.8p1 12abc\n')
f:close()
f = assert(io.open(name))
for i = 1, 7 do io.write(tostring(f:read('n')), ' ') end
print()
print(f:read('l'))
f:close()
f = assert(io.open(name))
local it = f:lines()
print(it())
f:close()
print(pcall(it))
print(pcall(f.lines, f))
os.remove(name)
