-- an uncaught error inside a coroutine.wrap generator ends the program
local gen = coroutine.wrap(function()
  coroutine.yield(1)
  local t = nil
  coroutine.yield(t.x)
end)
print(gen())
print(gen())
