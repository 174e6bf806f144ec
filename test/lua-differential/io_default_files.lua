-- io.input/io.output switching and closing the default files
local name = 'diff_io_default.txt'
local old = io.output()
print(io.output(name) ~= old)
io.write('hello\n', 'world\n')
io.close()
print(pcall(io.write, 'x'))
io.output(old)
print(io.input(name) ~= io.stdin)
print(io.read('l'))
for l in io.lines() do print('rest', l) end
print(io.read('l'))
io.close(io.input())
print(pcall(io.read))
io.input(io.stdin)
print(pcall(io.input, 'no_such_file.txt'))
print(pcall(io.output, {}))
os.remove(name)
print(io.stdout:close())
