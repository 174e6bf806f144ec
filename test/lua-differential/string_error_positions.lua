-- errors of string functions called from Lua code carry the caller's position, tail calls included
print(pcall(function() return ('abc'):gsub('%w', { a = {} }) end))
print(pcall(function() local r = ('abc'):gsub('%w', function() return {} end) return r end))
print(pcall(function() return ('abc'):gsub('%w', '%9') end))
print(pcall(function() for k in ('abc'):gmatch('(') do end end))
print(pcall(function() return ('abc'):rep(3, {}) end))
print(pcall(function() return table.concat({{}}) end))
print(pcall(function() return ('x'):upper(1, 2) end), ('x'):upper(1, 2))
