-- table.sort with bad comparators and mixed values
local t = {}
for i = 1, 100 do t[i] = (i * 37) % 101 end
table.sort(t)
print(t[1], t[50], t[100])
table.sort(t, function(a, b) return a > b end)
print(t[1], t[100])
print(pcall(table.sort, { 1, 2, 3, 'x', 5 }))
print(pcall(table.sort, { {}, {} }))
local ok, e = pcall(table.sort, t, function(a, b) return true end)
print(ok, e)
local words = { 'pear', 'Apple', 'fig', 'banana' }
table.sort(words)
print(table.concat(words, ' '))
table.sort(words, function(a, b) return a:lower() < b:lower() end)
print(table.concat(words, ' '))
