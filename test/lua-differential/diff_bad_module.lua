-- a module that fails while loading (not a program of the corpus itself)
local x = nil
return x.field
