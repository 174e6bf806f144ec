-- the main chunk's ... and the arg table, with arguments
-- args: one two 3
print(select('#', ...), ...)
print(#arg, arg[0], arg[1], arg[3], arg[4])
local a, b = ...
print(a, b, type(arg[3]))
