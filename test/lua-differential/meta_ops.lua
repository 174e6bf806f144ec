-- arithmetic, comparison, concat, call, len, unm metamethods
local V = {}
V.__index = V
local function v(x, y) return setmetatable({ x = x, y = y }, V) end
V.__add = function(a, b) return v(a.x + b.x, a.y + b.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(a) return '(' .. a.x .. ',' .. a.y .. ')' end
V.__concat = function(a, b) return tostring(a) .. '..' .. tostring(b) end
V.__len = function() return 2 end
V.__unm = function(a) return v(-a.x, -a.y) end
V.__call = function(self, k) return self[k] end
V.__idiv = function() return 'idiv' end
V.__band = function() return 'band' end
V.__shl = function() return 'shl' end
V.__bnot = function() return 'bnot' end
V.__mod = function() return 'mod' end
local a, b = v(1, 2), v(1, 2)
print(tostring(a + b), a == b, a ~= b, rawequal(a, b), a < v(2, 0), a <= b, a > b)
print(a .. b, a .. 'str', 'str' .. a, 1 .. a, #a, tostring(-a), a('x'))
print(a // 1, a & 1, 1 << a, ~a, a % 2)
print(pcall(function() return a * 2 end))
print(pcall(function() return a < 1 end))
local named = setmetatable({}, { __name = 'MyType' })
print(pcall(function() return named + 1 end))
print(pcall(function() return named < named end))
print((tostring(named):gsub('0x%x+', 'ADDR')))
print(pcall(string.rep, named))
local eqcalls = 0
local E = { __eq = function() eqcalls = eqcalls + 1 return true end }
local e1, e2 = setmetatable({}, E), setmetatable({}, E)
print(e1 == e2, e1 == e1, eqcalls, e1 == 1)
print(pcall(tostring, setmetatable({}, { __tostring = function() return 1 end })))
print(tostring(setmetatable({}, { __tostring = function() return 'ok' end })))
