-- coroutines: generators, status, wrap, passing values, isyieldable
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
for v in gen(3) do io.write(v, ' ') end
print()
local co = coroutine.create(function(...)
  print('args', ...)
  print('got', coroutine.yield(1, 2))
  print(coroutine.isyieldable(), coroutine.status(coroutine.running()))
  return 'done', select('#', ...)
end)
print(coroutine.status(co), coroutine.resume(co, 'a', nil, 'c'))
print(coroutine.resume(co, 'x', 'y'))
print(coroutine.status(co), coroutine.resume(co))
local main, ismain = coroutine.running()
print(type(main), ismain)
print(select('#', coroutine.resume(coroutine.create(function() end))))
