-- bench_tables: table.insert of many integers, table.sort, then table.sort with a Lua comparator.
-- A CPU benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local scale = tonumber((...)) or 1
local n = math.floor(150000 * scale)
local t, x = {}, 1
for _ = 1, n do
  x = (x * 75 + 74) % 65537
  table.insert(t, x)
end
table.sort(t)
local cs = 0
for i = 1, n, 97 do cs = (cs * 31 + t[i]) % 1000003 end
table.sort(t, function(a, b) return a > b end)
for i = 1, n, 89 do cs = (cs * 31 + t[i]) % 1000003 end
return string.format('tables %d %d %d', t[1], t[n], cs)
