-- bench_print: print of many short lines (1,000,000 at scale 1) to standard output.
-- An io benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local n = math.floor(1000000 * (tonumber((...)) or 1))
for _ = 1, n do print('line') end
return 'print ' .. n
