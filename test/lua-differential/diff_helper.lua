-- a module beside the programs that require it (not a program of the corpus itself)
local M = { loaded_as = ... }
M.where = select(2, ...)
function M.greet(name) return 'hello ' .. name end
return M
