-- lua 5.4 only: <close>
-- os.exit(false) is status 1, after <close> handlers with close = true
local x <close> = setmetatable({}, { __close = function() print('closed x') end })
print('exiting')
os.exit(false, true)
