-- errors and tracebacks inside a gsub replacement function and sort comparator
local function repl(c)
  if c == 'b' then error('bad letter ' .. c) end
  return c:upper()
end
print(pcall(string.gsub, 'abc', '%w', repl))
print(xpcall(function() return ('abc'):gsub('%w', repl) end, debug.traceback))
print(pcall(table.sort, { 3, 1, 2 }, function(a, b) return a.x < b end))
print(xpcall(function() table.sort({ 3, 1, 2 }, function(a, b) error('cmp') end) end, debug.traceback))
print(('abc'):gsub('%w', { a = 1, b = true, c = false }))
print(pcall(string.gsub, 'abc', '%w', { a = {} }))
print(pcall(string.gsub, 'abc', '%w', '%2'))
print(('hello world'):gsub('(o)', '[%1%0]'), ('x'):gsub('', '-'))
print(pcall(string.gsub, 'abc', '%w', '%'))
