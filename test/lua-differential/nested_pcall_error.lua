-- error values through nested pcall, error with level 2 in a validating function, rethrow
local function check(v) if type(v) ~= 'number' then error('expected number, got ' .. type(v), 2) end return v end
local function use(v) return check(v) * 2 end
print(pcall(use, 4))
print(pcall(use, 'x'))
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, 'inner')
  error('outer: ' .. tostring(e2), 0)
end)
print(ok, e)
local ok3, e3 = pcall(function() local ok4, e4 = pcall(error, { msg = 'tbl' }) error(e4) end)
print(ok3, type(e3), e3.msg)
print(select('#', pcall(function() return end)), select('#', pcall(function() return nil, nil end)))
print(pcall(string.format, '%d', 'x'))
local function rethrow() local ok5, e5 = pcall(error, 'orig') error(e5, 0) end
print(pcall(rethrow))
