-- bench_spawn: starts a trivial child with os.run_code and waits for it, N times (N = first argument).
-- Used by `npm run bench` to count process spawns + exits per second.
local n = tonumber((...)) or 100
for _ = 1, n do
  local pid = assert(os.run_code('return 1'))
  local code = os.wait(pid)
  if code ~= 0 then error('child exited with code ' .. tostring(code)) end
end
