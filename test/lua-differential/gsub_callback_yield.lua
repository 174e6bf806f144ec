-- yields in a gsub replacement function fail as across Lua's C gsub; an error there leaves the coroutine able to yield
local co = coroutine.wrap(function()
  print(pcall(string.gsub, 'ab', '%w', function(c) coroutine.yield(c) end))
  print(pcall(string.gsub, 'ab', '%w', function(c) error('e' .. c) end))
  print(coroutine.isyieldable())
  coroutine.yield('after')
  print(pcall(string.gsub, 'ab', '%w', function(c) return (select(2, pcall(string.gsub, 'x', 'x', function() error('inner') end))) end))
  print(pcall(string.gsub, 'ab', '%w', function(c) print(coroutine.isyieldable()) end))
  return 'done'
end)
print(co())
print(co())
