-- debug on C functions: the library's have no upvalues, a gmatch iterator shows its own
print(debug.getupvalue(string.match, 1), debug.getupvalue(io.write, 1), debug.getupvalue(print, 1))
print(debug.getupvalue(string.gmatch('abc', 'b'), 1))
print(debug.upvalueid(string.gmatch('x', 'x'), 1) ~= nil, debug.getinfo(string.rep, 'S').what, debug.getinfo(string.gsub, 'S').short_src)
print(pcall(string.dump, string.match))
