-- io.lines over standard input, with and without formats
local n = 0
for line in io.lines() do
  n = n + 1
  print(n, #line, line)
  if n == 2 then break end
end
for a, b in io.lines(nil, 'n', 'n') do
  print('pair', a, b)
end
print(io.read('l'), io.read('a'))
