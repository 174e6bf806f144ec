-- a module in a folder, found as sub/leaf.lua for require 'sub.leaf'
return 'leaf ' .. (...)
