-- syntax_error: line 3 does not parse.
local ok = true
local x = = 1
