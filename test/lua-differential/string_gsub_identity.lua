-- lua 5.4 only: gsub returns the same string when nothing changed; string.format %p
local s = 'some string ' .. ('x'):rep(50)
local r, n = s:gsub('nothing', 'y')
print(n, string.format('%p', s) == string.format('%p', r))
print(string.format('%p', 1), string.format('%p', nil), string.format('%p', true))
print(string.format('%p', {}) ~= string.format('%p', {}))
