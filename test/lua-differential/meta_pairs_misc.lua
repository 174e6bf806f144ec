-- __pairs, __index on strings, __metatable, ipairs stopping at nil, next errors
local t = setmetatable({}, { __pairs = function(t) return function(_, k) if not k then return 1, 'one' end end, t, nil end })
for k, v in pairs(t) do print('pairs', k, v) end
local arr = setmetatable({}, { __index = function(_, i) if i <= 3 then return i * 10 end end })
for i, v in ipairs(arr) do io.write(i, '=', v, ' ') end
print()
print(pcall(next, {}, 'nokey'))
print(pcall(pairs), select(3, pcall(ipairs, nil)))
local keys = {}
for k in pairs({ 10, 20, 30 }) do keys[#keys + 1] = k end
print(table.concat(keys, ','))
print(rawequal('a', 'a'), rawget(setmetatable({}, { __index = { a = 1 } }), 'a'))
print(pcall(rawget, 1, 2), pcall(rawset, {}, nil, 1))
print(type(print), type(nil), type({}), type('s'), type(2), type(true), pcall(type))
