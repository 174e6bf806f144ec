-- bench_strings: string building (table.concat of many pieces, repeated `..` appends, short temporaries).
-- A CPU benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local scale = tonumber((...)) or 1
local n = math.floor(200000 * scale)
local parts = {}
for i = 1, n do parts[i] = 'p' .. (i % 1000) end
local joined = table.concat(parts, ',')
local appended = ''
for i = 1, math.floor(10000 * scale) do appended = appended .. (i % 10) .. ';' end
local total = 0
for i = 1, n do
  local s = 'k' .. i .. '_' .. (i % 17)
  total = total + #s + s:byte(2)
end
return string.format('strings %d %d %d', #joined, #appended, total)
