-- bench_yield: gives up the CPU with os.yield() N times (N = first argument), then exits.
-- Used by `npm run bench` to count task switches between processes.
local n = tonumber((...)) or 1000
for _ = 1, n do os.yield() end
