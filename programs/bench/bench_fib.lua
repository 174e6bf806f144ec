-- bench_fib: recursive Fibonacci (Lua function calls and integer arithmetic).
-- A CPU benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local scale = tonumber((...)) or 1
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
local reps = math.max(1, math.floor(24 * scale + 0.5))
local sum = 0
for _ = 1, reps do sum = sum + fib(25) end
return string.format('fib %d', sum)
