-- three_counters: three tasks of one process count to 300,000 in CPU-bound loops and report every
-- 100,000; with --deterministic --seed N the interleaving (and its trace) is the same on every run.
local function counter(name)
  local n = 0
  for i = 1, 300000 do
    n = n + 1
    if i % 100000 == 0 then print(name .. ' ' .. i) end
  end
  return n
end
local tids = {}
for _, name in ipairs({ 'a', 'b', 'c' }) do tids[#tids + 1] = os.spawn(counter, name) end
local total = 0
for _, tid in ipairs(tids) do
  local ok, n = os.join(tid)
  assert(ok, n)
  total = total + n
end
print('total ' .. total)
