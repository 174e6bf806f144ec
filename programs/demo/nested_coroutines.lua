-- nested_coroutines: a generator inside a coroutine inside a coroutine, with a CPU-bound loop at
-- the deepest level; another task keeps printing, which shows the kernel preempts the nested loop.
local function numbers(limit)
  return coroutine.wrap(function()
    for i = 1, limit do
      local spin = 0
      for _ = 1, 200000 do spin = spin + 1 end -- long enough to be preempted mid-way
      coroutine.yield(i)
    end
  end)
end

local ticker = os.spawn(function()
  for i = 1, 3 do
    print('ticker ' .. i)
    os.yield()
  end
end)

local outer = coroutine.create(function()
  local sum = 0
  for n in numbers(10) do
    sum = sum + n
    coroutine.yield(sum)
  end
  return 'finished'
end)

while true do
  local ok, value = coroutine.resume(outer)
  assert(ok, value)
  if coroutine.status(outer) == 'dead' then print('outer ' .. value) break end
  print('partial sum ' .. value)
end
os.join(ticker)
