-- bench_yield_tasks: two tasks of one process each call os.yield() N times (N = first argument).
-- Used by `npm run bench` to count task switches inside one process.
local n = tonumber((...)) or 1000
local tid = os.spawn(function() for _ = 1, n do os.yield() end end)
for _ = 1, n do os.yield() end
os.join(tid)
