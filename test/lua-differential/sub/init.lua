-- a folder module found as sub/init.lua
return { name = 'sub', args = select('#', ...) }
