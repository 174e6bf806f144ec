-- bench_loop: a tight numeric loop (integer modulo, branches, float accumulation).
-- A CPU benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local scale = tonumber((...)) or 1
local n = math.floor(6000000 * scale)
local acc, f = 0, 0.0
for i = 1, n do
  local m = i % 7
  if m == 3 then acc = acc + 2 else acc = acc + m end
  f = f + (i % 13) * 0.25
end
return string.format('loop %d %.2f', acc, f)
