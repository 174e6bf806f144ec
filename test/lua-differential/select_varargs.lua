-- select('#'), negative indices, varargs with nils, table.pack/unpack round trip
local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
print(select(2, 'a', 'b', 'c'), select(-1, 'a', 'b', 'c'), select(-3, 'a', 'b', 'c'))
print(pcall(select, 0, 'a'), pcall(select, -4, 'a', 'b', 'c'))
print(pcall(select, 'x'), pcall(select))
print(select(5, 'a'), select('#', select(5, 'a')))
local function pass(...) local t = table.pack(...) return table.unpack(t, 1, t.n) end
print(pass(1, nil, 3, nil))
local function va(...) local a, b = ... return a, b, ... end
print(va(1, 2, 3))
print((va(1, 2)))
print(pcall(select, 1.5, 'a'))
