-- bench_closures: creating and calling many closures with upvalues (allocation and GC of small objects).
-- A CPU benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local scale = tonumber((...)) or 1
local n = math.floor(400000 * scale)
local function counter(start)
  local c = start
  return function(d) c = c + d; return c end
end
local sum = 0
for i = 1, n do
  local add = function(x) return x + i % 10 end
  local inc = counter(i % 7)
  sum = sum + add(1) + inc(2) + inc(3)
end
return string.format('closures %d', sum)
