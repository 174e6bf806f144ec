-- closures sharing upvalues, recursion, varargs in closures
local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc, get = counter()
inc() inc()
print(get())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local function deep(n) if n == 0 then return 0 end return deep(n - 1) end
print(deep(100000))
local function overflow() return 1 + overflow() end
local ok, msg = pcall(overflow)
print(ok, (msg:gsub('^.-:%d+: ', '')))
print(string.format('%s', select(2, pcall(string.rep, 'x', -1))))
